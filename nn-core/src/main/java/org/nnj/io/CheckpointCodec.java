package org.nnj.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;
import org.nnj.optim.OptimizerState;

/**
 * The training section of a version-3 model file (a checkpoint), after the model's payload:
 *
 * <pre>
 * epoch            int32   epochs completed, >= 1
 * seed             int64   the fit's seed
 * history          int32 name count, then per name: string, int32 epoch count (= epoch), float64 values
 * optimizer        string class name, int64 steps, int32 slots per parameter k, int32 parameter count,
 *                  then per parameter: int32 element count n, then k x n float64 values
 * random           int32 layer count (= the network's), then per layer: int32 length, int64 values
 * </pre>
 *
 * Reading checks every count against the network and the bytes that remain.
 */
final class CheckpointCodec {
    private static final int MAX_NAMES = 1024;
    private static final int MAX_SLOTS = 16;

    private CheckpointCodec() {}

    static void write(PayloadWriter w, Checkpoint c) {
        w.i32(c.epoch());
        w.i64(c.seed());
        w.count("logged values", c.history().size(), MAX_NAMES);
        c.history().forEach((name, values) -> {
            if (values.size() != c.epoch()) {
                throw new IllegalArgumentException(
                        "history '" + name + "' has " + values.size() + " values for " + c.epoch() + " epochs");
            }
            w.string(name);
            w.i32(values.size());
            values.forEach(w::f64);
        });
        OptimizerState o = c.optimizer();
        w.string(o.optimizer());
        w.i64(o.steps());
        int k = o.slots().isEmpty() ? 0 : o.slots().get(0).length;
        w.i32(k);
        List<Parameter> params = c.model().network().parameters();
        if (o.slots().size() != params.size()) {
            throw new IllegalArgumentException("optimizer state for "
                    + o.slots().size() + " parameters, but the" + " network has " + params.size());
        }
        w.i32(o.slots().size());
        for (int p = 0; p < params.size(); p++) {
            double[][] s = o.slots().get(p);
            if (s.length != k) {
                throw new IllegalArgumentException("every parameter needs " + k + " state slots, one has " + s.length);
            }
            w.i32(params.get(p).size());
            for (double[] slot : s) {
                if (slot.length != params.get(p).size()) {
                    throw new IllegalArgumentException("optimizer state of " + slot.length + " values for "
                            + params.get(p).name() + ", which has "
                            + params.get(p).size());
                }
                for (double v : slot) {
                    w.f64(v);
                }
            }
        }
        w.i32(c.random().size());
        for (long[] r : c.random()) {
            w.i32(r.length);
            for (long v : r) {
                w.i64(v);
            }
        }
    }

    static Checkpoint read(PayloadReader r, SavedModel model) throws ModelFormatException {
        Network network = model.network();
        int epoch = r.i32();
        if (epoch < 1) {
            throw r.error("epoch " + epoch + " is not >= 1");
        }
        long seed = r.i64();
        int names = r.count("history name", MAX_NAMES, 8);
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (int i = 0; i < names; i++) {
            String name = r.string();
            int n = r.count("history value", Integer.MAX_VALUE, 8);
            if (n != epoch) {
                throw r.error("history '" + name + "' has " + n + " values for " + epoch + " epochs");
            }
            List<Double> values = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                values.add(r.f64());
            }
            history.put(name, values);
        }
        String optimizer = r.string();
        long steps = r.i64();
        if (steps < 0) {
            throw r.error("step count " + steps + " is negative");
        }
        int k = r.i32();
        if (k < 0 || k > MAX_SLOTS) {
            throw r.error("state slots " + k + " is outside 0.." + MAX_SLOTS);
        }
        List<Parameter> known = network.parameters();
        int params = r.i32();
        if (params != known.size()) {
            throw r.error("optimizer state for " + params + " parameters, but the network has " + known.size());
        }
        List<double[][]> slots = new ArrayList<>(params);
        for (int p = 0; p < params; p++) {
            int n = r.i32();
            if (n != known.get(p).size()) {
                throw r.error("optimizer state of " + n + " values for "
                        + known.get(p).name() + ", which has " + known.get(p).size());
            }
            if ((long) n * k * 8 > r.remaining()) {
                throw r.error(
                        "optimizer state of " + n + " x " + k + " values, but " + r.remaining() + " bytes remain");
            }
            double[][] s = new double[k][n];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    s[j][i] = r.f64();
                }
            }
            slots.add(s);
        }
        int layers = r.i32();
        if (layers != network.layers().size()) {
            throw r.error("random states for " + layers + " layers, but the network has "
                    + network.layers().size());
        }
        List<long[]> random = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            int n = r.count("random state value", 64, 8);
            long[] v = new long[n];
            for (int j = 0; j < n; j++) {
                v[j] = r.i64();
            }
            random.add(v);
        }
        try {
            return new Checkpoint(model, epoch, seed, history, new OptimizerState(optimizer, steps, slots), random);
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
    }
}
