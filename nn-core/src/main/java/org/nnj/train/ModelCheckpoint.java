package org.nnj.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nnj.Require;
import org.nnj.data.Normalizer;
import org.nnj.io.ModelFile;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the network to a model file while it trains, as Keras's {@code ModelCheckpoint}: after every
 * epoch, or (the default) only after an epoch whose monitored value is the best so far. Each save is
 * atomic ({@link ModelFile#save}): the file always holds a whole model, the last saved one.
 *
 * <p>Mode {@code MIN} keeps the lowest value, {@code MAX} the highest, {@code AUTO} the highest for a
 * name containing "acc" and the lowest otherwise. A file that exists when training begins is refused
 * unless {@link #replacingExisting()} is asked (a model is never written over by accident). The
 * settings are immutable; the best value belongs to the fit in progress.
 */
public final class ModelCheckpoint implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);

    /** Which direction is better. */
    public enum Mode {
        MIN,
        MAX,
        AUTO
    }

    private final Path file;
    private final String monitor;
    private final Mode mode;
    private final boolean bestOnly;
    private final boolean replace;
    private final Normalizer normalizer;

    private Network network;
    private double best;
    private int bestEpoch;

    private ModelCheckpoint(
            Path file, String monitor, Mode mode, boolean bestOnly, boolean replace, Normalizer normalizer) {
        this.file = Require.notNull(file, "file");
        this.monitor = Require.notNull(monitor, "monitor");
        this.mode = Require.notNull(mode, "mode");
        this.bestOnly = bestOnly;
        this.replace = replace;
        this.normalizer = normalizer;
    }

    /** Saves to {@code file} after each epoch that improves {@code val_loss}. */
    public static ModelCheckpoint to(Path file) {
        return new ModelCheckpoint(file, "val_loss", Mode.AUTO, true, false, null);
    }

    /** The same checkpoint monitoring {@code monitor} ("loss", "val_loss", "accuracy", ...) in {@code mode}. */
    public ModelCheckpoint monitor(String monitor, Mode mode) {
        return new ModelCheckpoint(file, monitor, mode, bestOnly, replace, normalizer);
    }

    /** The same checkpoint saving after every epoch (true) or only after an improvement (false). */
    public ModelCheckpoint everyEpoch(boolean every) {
        return new ModelCheckpoint(file, monitor, mode, !every, replace, normalizer);
    }

    /** The same checkpoint allowed to replace a file that exists when training begins. */
    public ModelCheckpoint replacingExisting() {
        return new ModelCheckpoint(file, monitor, mode, bestOnly, true, normalizer);
    }

    /** The same checkpoint saving {@code normalizer} with the network (see {@link ModelFile#save}). */
    public ModelCheckpoint withNormalizer(Normalizer normalizer) {
        return new ModelCheckpoint(file, monitor, mode, bestOnly, replace, Require.notNull(normalizer, "normalizer"));
    }

    public Path file() {
        return file;
    }

    public String monitor() {
        return monitor;
    }

    /** True if larger values of the monitored quantity are better. */
    public boolean maximizes() {
        return mode == Mode.MAX || (mode == Mode.AUTO && monitor.contains("acc"));
    }

    /** The epoch with the best monitored value in the current or last fit (0 before any epoch). */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onTrainBegin(Network network, int epochs, int examples, int batchSize) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("ModelCheckpoint file " + file + " is a directory");
        }
        if (Files.exists(file) && !replace) {
            throw new IllegalArgumentException("ModelCheckpoint file " + file
                    + " already exists; choose a new file or use replacingExisting() to write over it");
        }
        if (normalizer != null && normalizer.columns() != network.inputSize()) {
            throw new IllegalArgumentException("ModelCheckpoint normalizer has " + normalizer.columns()
                    + " columns but the network takes " + network.inputSize() + " inputs");
        }
        this.network = network;
        best = Double.NaN;
        bestEpoch = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("ModelCheckpoint monitors '" + monitor
                    + "', which this fit does not log (it logs " + logs.keySet() + ")");
        }
        boolean improves = bestEpoch == 0 || (maximizes() ? value > best : value < best);
        if (!bestOnly || improves) {
            try {
                ModelFile.save(file, network, normalizer);
            } catch (IOException e) {
                throw new UncheckedIOException("ModelCheckpoint cannot save " + file + ": " + e.getMessage(), e);
            }
            LOG.debug("epoch {}: {} = {}, saved {}", epoch, monitor, value, file);
        }
        if (improves) {
            best = value;
            bestEpoch = epoch;
        }
    }

    @Override
    public void onTrainEnd(History history) {
        network = null;
    }

    @Override
    public String toString() {
        return "ModelCheckpoint(" + file + ", " + monitor + ", " + (maximizes() ? "max" : "min")
                + (bestOnly ? ", best only" : ", every epoch") + ")";
    }
}
