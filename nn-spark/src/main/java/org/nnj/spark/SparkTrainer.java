package org.nnj.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nnj.data.Dataset;
import org.nnj.io.ModelFile;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.models.TrainingDivergedException;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;
import org.nnj.train.EarlyStopping;
import org.nnj.train.EpochLoop;
import org.nnj.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact synchronous data-parallel training of an nn-core {@link Network} on Apache Spark: the same
 * minibatch SGD as {@code org.nnj.train.Trainer}, with each minibatch's gradient computed where the
 * data lives.
 *
 * <p>Each epoch the driver shuffles the example indices exactly as {@code Trainer} does (a
 * Fisher-Yates shuffle of the previous epoch's order, from {@code Seeds.random(seed)}) and cuts the
 * order into global minibatches of {@code batchSize}. Each step then
 * <ol>
 *   <li>broadcasts the parameters (as {@code float[]}/{@code double[]}, never INDArrays);</li>
 *   <li>every partition takes its own examples of the minibatch (in minibatch order), computes
 *       {@code Σ_i ∇J_i} and {@code Σ_i J_i} over them with nn-core's backward pass, and the
 *       driver adds the partitions' sums in partition order (so the result does not depend on which
 *       task finishes first);</li>
 *   <li>the driver divides by the minibatch size, so the gradient is that of the minibatch's mean
 *       loss, exactly as on one machine, and applies nn-core's own optimizer to its copy of the
 *       network.</li>
 * </ol>
 * So Adam, AdamW, schedules, clipping and early stopping behave as they do locally, and the result
 * does not depend on the number of partitions beyond float rounding (a test checks 1e-10 relative in
 * float64 against {@code Trainer} on the same minibatches). Layers whose training pass depends on
 * the whole batch (batch normalization's statistics) see each partition's share of it instead, as
 * with PyTorch's DistributedDataParallel without SyncBatchNorm; dropout masks are drawn on the
 * executors.
 *
 * <p>A failed task is simply run again by Spark: a task reads only the broadcast values and its
 * partition, so a retry computes the same sum. The examples are cached and their lineage cut before
 * the first step; with a checkpoint directory ({@code sc.setCheckpointDir}) training survives the loss
 * of an executor. {@link Builder#checkpointEvery} writes {@code Trainer.backup}'s checkpoints (the
 * network, epoch, seed and optimizer state) and {@link Builder#resumeFrom} continues from one exactly.
 * nn-spark/README.md gives the cost of a step (one broadcast of the parameters, one pass of each
 * partition to find its share, {@code 8 · parameters} bytes per partition back) and when it pays.
 */
public final class SparkTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final int epochs;
    private final int batchSize;
    private final Optimizer optimizer;
    private final long seed;
    private final List<TrainingListener> listeners;
    private final EarlyStopping earlyStopping;
    private final Dataset validation;
    private final boolean accuracy;
    private final int checkpointEvery;
    private final Path checkpoint;
    private final Path resumeFrom;
    private final int localSteps;
    private final OptimizerFactory localOptimizer;

    private SparkTrainer(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        optimizer = b.optimizer;
        seed = b.seed;
        listeners = List.copyOf(b.listeners);
        earlyStopping = b.earlyStopping;
        validation = b.validation;
        accuracy = b.accuracy;
        checkpointEvery = b.checkpointEvery;
        checkpoint = b.checkpoint;
        resumeFrom = b.resumeFrom;
        localSteps = b.localSteps;
        localOptimizer = b.localOptimizer;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a Spark training run, as {@code Trainer.Builder}'s. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private Optimizer optimizer = new SGD(0.01);
        private long seed = 0;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private EarlyStopping earlyStopping;
        private Dataset validation;
        private boolean accuracy;
        private int checkpointEvery;
        private Path checkpoint;
        private Path resumeFrom;
        private int localSteps;
        private OptimizerFactory localOptimizer;

        private Builder() {}

        public Builder epochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** The global minibatch: examples per step, over all partitions. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The optimizer the driver applies (its state lives on the driver). */
        public Builder optimizer(Optimizer optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer must not be null");
            }
            this.optimizer = optimizer;
            return this;
        }

        /** The seed of the epochs' shuffles (the same as {@code Trainer}'s for the same seed). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /** Stops on the rule's metric ("val_loss" needs {@link #validationData}). */
        public Builder earlyStopping(EarlyStopping rule) {
            if (rule == null) {
                throw new IllegalArgumentException("earlyStopping must not be null");
            }
            this.earlyStopping = rule;
            return this;
        }

        /** Validation data, evaluated on the driver after each epoch ("val_loss", "val_accuracy"). */
        public Builder validationData(Dataset data) {
            if (data == null) {
                throw new IllegalArgumentException("validationData must not be null");
            }
            this.validation = data;
            return this;
        }

        /** Also record "val_accuracy" (classification). */
        public Builder accuracy(boolean enabled) {
            this.accuracy = enabled;
            return this;
        }

        /** Saves the model to {@code file} (atomically) after every {@code epochs} epochs. */
        public Builder checkpointEvery(int epochs, Path file) {
            if (epochs <= 0 || file == null) {
                throw new IllegalArgumentException("checkpointEvery needs epochs > 0 and a file");
            }
            this.checkpointEvery = epochs;
            this.checkpoint = file;
            return this;
        }

        /**
         * Continues from a checkpoint: its parameters, and the epoch after the one it was written at
         * (the shuffles of the epochs before are replayed, so the minibatches are those of an
         * uninterrupted run), and the optimizer's state (its moments and step count), so that the run
         * ends as an uninterrupted one would. The optimizer must be new; the returned history holds
         * the epochs after the checkpoint.
         */
        public Builder resumeFrom(Path file) {
            if (file == null) {
                throw new IllegalArgumentException("resumeFrom must not be null");
            }
            this.resumeFrom = file;
            return this;
        }

        /**
         * Approximate mode (local SGD, "model averaging"): each partition takes {@code k} consecutive
         * global steps on its own share of their minibatches with a fresh optimizer from
         * {@code optimizer}, then the driver averages the partitions' parameters, weighted by the
         * examples each used. One Spark job per k steps instead of one per step. With k = 1 and plain
         * SGD this is exactly synchronous SGD; otherwise it is not: the optimizer's state (momentum,
         * Adam's moments) restarts every round and is not averaged, and each partition follows its own
         * gradients for k steps. The driver's {@link #optimizer} is not used. See nn-spark/README.md
         * for its loss curves against the exact mode.
         */
        public Builder localSteps(int k, OptimizerFactory optimizer) {
            if (k < 1 || optimizer == null) {
                throw new IllegalArgumentException("localSteps needs k >= 1 and an optimizer factory");
            }
            this.localSteps = k;
            this.localOptimizer = optimizer;
            return this;
        }

        public SparkTrainer build() {
            SparkSteps.checkMonitor(earlyStopping, validation != null, accuracy);
            return new SparkTrainer(this);
        }
    }

    /** The optimizer, whose state after {@link #fit} is that of the last step. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains {@code network} (on the driver) on the examples of {@code data}, which is cached for the
     * run. Returns the per-epoch values ("loss": the mean over the epoch's examples, and the validation
     * values).
     *
     * @throws IllegalArgumentException   if an example does not fit the network (checked on the first
     *                                    step, before any update) or data is empty
     * @throws TrainingDivergedException if a step's loss or update is not finite
     */
    public History fit(Network network, JavaRDD<Example> data) {
        if (network == null || data == null) {
            throw new IllegalArgumentException("network and data must not be null");
        }
        if (network.trainableParameters().size() != network.parameters().size()) {
            // the executors rebuild the network from its model file, which does not record frozen layers
            throw new IllegalArgumentException("SparkTrainer does not train networks with frozen layers yet;"
                    + " train it with Trainer, or build it without freeze(...)");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
        JavaPairRDD<Example, Long> indexed = SparkSteps.cache(sc, data);
        try {
            return fit(network, sc, indexed);
        } finally {
            indexed.unpersist(false);
        }
    }

    private History fit(Network network, JavaSparkContext sc, JavaPairRDD<Example, Long> indexed) {
        int n = SparkSteps.count(indexed);
        SparkSteps.checkExamples(network, indexed);
        if (validation != null) {
            network.check(
                    validation.features().castTo(network.dataType()),
                    validation.labels().castTo(network.dataType()));
        }
        int done = resumeFrom == null
                ? 0
                : SparkCheckpoints.resume(
                        resumeFrom, network, seed, epochs, localSteps == 0 ? optimizer : optimizer.fresh());
        List<TrainingListener> all = new ArrayList<>(listeners);
        if (earlyStopping != null) {
            all.add(earlyStopping);
        }
        Broadcast<byte[]> model = sc.broadcast(ModelFile.toBytes(network, null, null));
        SparkSteps steps = new SparkSteps(sc, indexed, model, batchSize, optimizer, localSteps, localOptimizer);
        try {
            return EpochLoop.run(
                    network,
                    new EpochLoop.Plan(n, batchSize, epochs, seed, done, Map.of(), all),
                    (epoch, order, batchEnd) -> steps.epoch(network, epoch, order, batchEnd),
                    logs -> SparkSteps.validationLogs(network, validation, accuracy, logs),
                    checkpoint == null
                            ? null
                            : (epoch, history) -> {
                                if (epoch % checkpointEvery == 0) {
                                    SparkCheckpoints.save(checkpoint, network, epoch, seed, history, optimizer);
                                }
                            });
        } finally {
            model.destroy();
        }
    }

    /** The epoch the checkpoint file holds. */
    static int checkpointEpoch(Path checkpoint) throws IOException {
        return ModelFile.loadCheckpoint(checkpoint).epoch();
    }
}
