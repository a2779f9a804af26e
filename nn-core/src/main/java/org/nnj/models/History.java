package org.nnj.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fit recorded, one value per epoch for each named series: {@code "loss"} (the mean training
 * loss over the epoch's minibatches, weighted by their sizes) and, when the trainer computes them,
 * others such as {@code "val_loss"} or {@code "accuracy"} (Keras's names).
 */
public final class History {
    private final Map<String, List<Double>> series = new LinkedHashMap<>();

    /** Appends {@code value} to the series {@code name}. */
    public void record(String name, double value) {
        series.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /** The per-epoch training loss. */
    public List<Double> loss() {
        return get("loss");
    }

    /** A series by name (empty if never recorded), unmodifiable. */
    public List<Double> get(String name) {
        List<Double> s = series.get(name);
        return s == null ? List.of() : Collections.unmodifiableList(s);
    }

    /** The last value of a series; throws if it has none. */
    public double last(String name) {
        List<Double> s = get(name);
        if (s.isEmpty()) {
            throw new IllegalStateException("no values recorded for '" + name + "'");
        }
        return s.get(s.size() - 1);
    }

    /** The names of the recorded series, in the order first recorded. */
    public List<String> names() {
        return List.copyOf(series.keySet());
    }

    /** Number of epochs recorded (the length of the loss series). */
    public int epochs() {
        return loss().size();
    }

    @Override
    public String toString() {
        return "History" + series;
    }
}
