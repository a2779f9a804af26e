package org.nnj.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.data.Dataset;
import org.nnj.data.Normalizer;
import org.nnj.data.Split;
import org.nnj.io.Checkpoint;
import org.nnj.io.ModelFile;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.models.TrainingDivergedException;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a network the way Keras's {@code model.fit} does, with PyTorch's explicit optimizers: for each
 * epoch, a fresh seeded shuffle, one optimizer step per minibatch (the last one may be shorter), then
 * the epoch's values: {@code loss} (mean training loss over the epoch's steps), and when enabled
 * {@code accuracy} (on the training set at the end of the epoch, inference mode), {@code val_loss} and
 * {@code val_accuracy}. Early stopping and listeners see those values.
 *
 * <p>Validation data is either given or split off the training data ({@code validationSplit}):
 * stratified by class when the labels are one-hot (or one 0/1 column), otherwise random, seeded.
 *
 * <p>This is the library's one training loop: {@code Network} knows one step ({@code trainStep}),
 * the trainer owns epochs, shuffles, minibatches, validation, listeners and early stopping. For the
 * tutorials' plain gradient descent: {@code Trainer.builder().epochs(2000).batchSize(4).learningRate(0.5)
 * .build().fit(net, x, y)} ({@code batchSize >= n} is full-batch gradient descent, {@code 1} is
 * per-example SGD).
 *
 * <p>The configuration is immutable; the {@link Optimizer} keeps its state (step count, moments)
 * across fits of the same network, like a compiled Keras model. An optimizer given to
 * {@link Builder#optimizer} refuses another network's parameters, before the first update (build a
 * trainer with a new optimizer for it); the trainer's own SGD (the default, or
 * {@link Builder#learningRate}) starts afresh ({@link Optimizer#fresh}) on a network other than the one
 * it last trained, and an {@link EarlyStopping} rule keeps the state of the
 * fit in progress, so a trainer runs one fit at a time. Progress goes to slf4j (DEBUG per epoch, INFO at the end)
 * and, when a console is attached and CI is not set, to one progress bar over the whole fit.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final int epochs;
    private final int batchSize;
    /** The optimizer; the trainer's own (default or {@code learningRate}) is renewed for another network. */
    private Optimizer optimizer;
    /** Whether the trainer made the optimizer (the default SGD or {@code learningRate}), not the caller. */
    private final boolean ownOptimizer;

    private final long seed;
    private final Dataset validation;
    private final double validationSplit;
    private final boolean accuracy;
    private final EarlyStopping earlyStopping;
    private final List<TrainingListener> listeners;
    private final boolean progressBar;
    private final Path backup;
    private final Normalizer backupNormalizer;

    private Trainer(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        optimizer = b.optimizer;
        ownOptimizer = b.ownOptimizer;
        seed = b.seed;
        validation = b.validation;
        validationSplit = b.validationSplit;
        accuracy = b.accuracy;
        earlyStopping = b.earlyStopping;
        listeners = List.copyOf(b.listeners);
        progressBar = b.progressBar;
        backup = b.backup;
        backupNormalizer = b.backupNormalizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trainer settings; every setter checks its argument. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private Optimizer optimizer;
        private boolean ownOptimizer;
        private long seed;
        private Dataset validation;
        private double validationSplit;
        private boolean accuracy;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean progressBar = true;
        private Path backup;
        private Normalizer backupNormalizer;

        private Builder() {}

        /**
         * After every epoch, saves a checkpoint to {@code file} atomically ({@link ModelFile#saveCheckpoint}:
         * the network, the optimizer's state, the epochs done, the seed, the history and the dropout
         * generators), from which {@link #resume} continues exactly; as Keras's {@code BackupAndRestore}.
         * A {@link #fit} refuses a file that exists (resume from it, or remove it).
         */
        public Builder backup(Path file) {
            this.backup = Require.notNull(file, "file");
            return this;
        }

        /** {@link #backup(Path)}, saving the inputs' normalizer with the network. */
        public Builder backup(Path file, Normalizer normalizer) {
            this.backupNormalizer = Require.notNull(normalizer, "normalizer");
            return backup(file);
        }

        /** Passes over the data, >= 0 (default 10). */
        public Builder epochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Rows per step, > 0 (default 32); >= n means full-batch gradient descent. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Plain gradient descent with learning rate {@code learningRate}: {@code optimizer(new SGD(learningRate))}. */
        public Builder learningRate(double learningRate) {
            optimizer(new SGD(learningRate));
            ownOptimizer = true;
            return this;
        }

        /** The optimizer (default SGD with learning rate 0.01). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Require.notNull(optimizer, "optimizer");
            ownOptimizer = false;
            return this;
        }

        /** Seed of the shuffles and of the validation split. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Held-out data evaluated after each epoch ("val_loss", "val_accuracy"). */
        public Builder validationData(Dataset data) {
            this.validation = Require.notNull(data, "validationData");
            return this;
        }

        /** Fraction of the training data to hold out for validation, in [0, 1). */
        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Also record classification accuracy ("accuracy", "val_accuracy"). */
        public Builder accuracy(boolean enabled) {
            this.accuracy = enabled;
            return this;
        }

        public Builder earlyStopping(EarlyStopping rule) {
            this.earlyStopping = Require.notNull(rule, "earlyStopping");
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Require.notNull(listener, "listener"));
            return this;
        }

        /** Whether to show a console progress bar when one can be seen (default true). */
        public Builder progressBar(boolean enabled) {
            this.progressBar = enabled;
            return this;
        }

        public Trainer build() {
            if (validation != null && validationSplit > 0) {
                throw new IllegalArgumentException("give validationData or validationSplit, not both");
            }
            if (optimizer == null) {
                optimizer = new SGD(0.01);
                ownOptimizer = true;
            }
            return new Trainer(this);
        }
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Fits on (x, y); see {@link #fit(Network, Dataset)}. */
    public History fit(Network network, INDArray x, INDArray y) {
        Require.notNull(network, "network");
        network.check(x, y); // x and y under their own names, before they become a Dataset
        return fit(network, Dataset.of(x, y));
    }

    /**
     * Trains {@code network} on {@code data}.
     *
     * @return the per-epoch values
     * @throws IllegalArgumentException   on data that does not fit the network (nothing is changed)
     * @throws TrainingDivergedException if a step produces a NaN or infinite loss or gradient
     */
    public History fit(Network network, Dataset data) {
        Require.notNull(network, "network");
        Require.notNull(data, "data");
        if (backup != null && Files.exists(backup)) {
            throw new IllegalArgumentException("backup " + backup + " already exists: continue that run with"
                    + " resume(network, data), or remove the file to start afresh");
        }
        return run(network, data, null);
    }

    /**
     * Continues the run whose checkpoint {@link Builder#backup} wrote: {@code network} (built as the
     * interrupted run's, with any initial values) gets the checkpoint's parameters, buffers and
     * dropout positions, a new optimizer of this trainer's kind and settings gets the saved state,
     * the shuffles of the epochs done are replayed, and training goes on from the next epoch to
     * {@code epochs}, writing checkpoints as before. With the same data and settings the network ends
     * bit-identical to a run that was never stopped, and the returned history holds every epoch.
     * Listeners start afresh: an {@link EarlyStopping} or {@link ReduceLROnPlateau} forgets what it saw
     * before the checkpoint.
     *
     * @throws IllegalArgumentException if there is no backup, or the checkpoint was written by another
     *     seed, optimizer kind or architecture (nothing is changed then)
     * @throws UncheckedIOException if the checkpoint cannot be read
     */
    public History resume(Network network, Dataset data) {
        Require.notNull(network, "network");
        Require.notNull(data, "data");
        if (backup == null) {
            throw new IllegalArgumentException("resume needs Trainer.builder().backup(file), the checkpoint to read");
        }
        Checkpoint c;
        try {
            c = ModelFile.loadCheckpoint(backup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + backup + ": " + e.getMessage(), e);
        }
        if (c.seed() != seed) {
            throw new IllegalArgumentException("the checkpoint " + backup + " was written by a fit with seed "
                    + c.seed() + ", this trainer's is " + seed + ": resume with the same seed");
        }
        Optimizer fresh = optimizer.steps() == 0 ? optimizer : optimizer.fresh();
        c.restoreInto(network, fresh, backup.toString());
        optimizer = fresh;
        return run(network, data, c);
    }

    /** The fit, from the first epoch or from the one after {@code resumed}'s. */
    private History run(Network network, Dataset data, Checkpoint resumed) {
        if (backup != null
                && network.trainableParameters().size() != network.parameters().size()) {
            throw new IllegalArgumentException("backup: a checkpoint does not record frozen layers; train this"
                    + " network without backup(...), or without freeze(...)");
        }
        if (backupNormalizer != null && backupNormalizer.columns() != network.inputSize()) {
            throw new IllegalArgumentException("backup: the normalizer has " + backupNormalizer.columns()
                    + " columns but the network takes " + network.inputSize() + " inputs");
        }
        Dataset train = data;
        Dataset val = validation;
        if (validationSplit > 0) {
            Split split = data.hasClassLabels()
                    ? Split.stratified(data, validationSplit, seed)
                    : Split.random(data, validationSplit, seed);
            train = split.train();
            val = split.test();
        }
        FitChecks.data(network, train, val, batchSize, accuracy); // everything, before the first update
        if (ownOptimizer && optimizer.isBoundToOther(network.trainableParameters())) {
            optimizer = optimizer.fresh(); // the trainer's own SGD, which the caller cannot renew, starts afresh
        }
        try {
            optimizer.checkNextStep(
                    network.trainableParameters()); // bound to another network, or a rate that is not > 0
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "optimizer: " + e.getMessage() + " (a trainer's optimizer belongs to the network it first trained)",
                    e);
        }
        if (earlyStopping != null) {
            FitChecks.monitor(earlyStopping, accuracy, val != null);
        }
        FitChecks.plateau(optimizer, listeners);
        List<TrainingListener> all = new ArrayList<>(listeners);
        if (earlyStopping != null) {
            all.add(earlyStopping);
        }
        if (progressBar && ProgressBarListener.available()) {
            all.add(new ProgressBarListener("training"));
        }
        int n = train.size();
        Minibatches batches = new Minibatches(train.features(), train.labels(), batchSize);
        Dataset fitted = train;
        Dataset validated = val;
        EpochLoop.Plan plan = new EpochLoop.Plan(
                n,
                batchSize,
                epochs,
                seed,
                resumed == null ? 0 : resumed.epoch(),
                resumed == null ? Map.of() : resumed.history(),
                all);
        return EpochLoop.run(
                network,
                plan,
                (epoch, order, batchEnd) -> epoch(network, batches, order, n, epoch, batchEnd),
                logs -> {
                    if (accuracy) {
                        logs.put(
                                "accuracy", Evaluation.evaluate(network, fitted).accuracy());
                    }
                    if (validated != null) {
                        logs.put("val_loss", network.loss(validated.features(), validated.labels()));
                        if (accuracy) {
                            logs.put(
                                    "val_accuracy",
                                    Evaluation.evaluate(network, validated).accuracy());
                        }
                    }
                },
                backup == null ? null : (epoch, history) -> saveBackup(network, epoch, history));
    }

    private void saveBackup(Network network, int epoch, History history) {
        try {
            ModelFile.saveCheckpoint(backup, Checkpoint.of(network, backupNormalizer, epoch, seed, history, optimizer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + backup + ": " + e.getMessage(), e);
        }
    }

    /** One pass over the minibatches in {@code order}; returns the mean loss over the examples. */
    private double epoch(
            Network network, Minibatches batches, int[] order, int n, int epoch, EpochLoop.BatchEnd batchEnd) {
        double[] total = {0};
        long[] step = {0};
        batches.forEach(order, (x, y, rows) -> {
            step[0]++;
            double value;
            try {
                value = network.trainStep(x, y, optimizer);
            } catch (TrainingDivergedException e) {
                throw e.at(epoch, step[0]);
            }
            total[0] += value * rows;
            batchEnd.accept(rows, value);
        });
        return total[0] / n;
    }
}
