package org.nnj.spark;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;
import org.nnj.models.TrainingDivergedException;
import org.nnj.optim.NonFiniteUpdateException;
import org.nnj.optim.Optimizer;
import org.nnj.train.EpochLoop;

/**
 * How {@link SparkTrainer} runs an epoch's steps on the cluster, the only part of training it does
 * not share with {@code Trainer} ({@link EpochLoop} runs the epochs): per step, the driver broadcasts
 * the parameters, each partition sums the gradients of its share of the minibatch, the driver adds
 * the sums in partition order, divides by the batch's rows and steps its optimizer; or, in the
 * local-steps mode, each partition takes k steps on its own and the driver averages the parameters.
 */
final class SparkSteps {
    private final JavaSparkContext sc;
    private final JavaPairRDD<Example, Long> indexed;
    private final Broadcast<byte[]> model;
    private final int batchSize;
    private final Optimizer optimizer;
    private final int localSteps;
    private final OptimizerFactory localOptimizer;

    SparkSteps(
            JavaSparkContext sc,
            JavaPairRDD<Example, Long> indexed,
            Broadcast<byte[]> model,
            int batchSize,
            Optimizer optimizer,
            int localSteps,
            OptimizerFactory localOptimizer) {
        this.sc = sc;
        this.indexed = indexed;
        this.model = model;
        this.batchSize = batchSize;
        this.optimizer = optimizer;
        this.localSteps = localSteps;
        this.localOptimizer = localOptimizer;
    }

    /**
     * The examples with their indices, cached and their lineage cut, so that a step's tasks carry no
     * data (an RDD from parallelize() holds its rows in its partition objects, which every task would
     * otherwise ship): reliably with a checkpoint directory (the run survives the loss of an
     * executor), else in the executors' block stores.
     */
    static JavaPairRDD<Example, Long> cache(JavaSparkContext sc, org.apache.spark.api.java.JavaRDD<Example> data) {
        JavaPairRDD<Example, Long> indexed = data.zipWithIndex();
        if (sc.getCheckpointDir().isPresent()) {
            indexed.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            indexed.checkpoint();
        } else {
            indexed.rdd().localCheckpoint();
        }
        return indexed;
    }

    /** An early-stopping rule must monitor what the Spark trainer logs: loss, val_loss, val_accuracy. */
    static void checkMonitor(org.nnj.train.EarlyStopping earlyStopping, boolean hasValidation, boolean accuracy) {
        if (earlyStopping != null) {
            String m = earlyStopping.monitor();
            boolean known = m.equals("loss")
                    || (hasValidation && (m.equals("val_loss") || (accuracy && m.equals("val_accuracy"))));
            if (!known) {
                throw new IllegalArgumentException("earlyStopping monitors '" + m
                        + "', which this trainer does not compute (loss"
                        + (hasValidation ? ", val_loss" + (accuracy ? ", val_accuracy" : "") : "") + ")");
            }
        }
    }

    /** The number of examples, refused if 0 or beyond an int. */
    static int count(JavaPairRDD<Example, Long> indexed) {
        long count = indexed.count();
        if (count == 0) {
            throw new IllegalArgumentException("data is empty");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("data has " + count + " examples; at most 2^31 - 1 are supported");
        }
        return (int) count;
    }

    /** val_loss (and val_accuracy) of the driver's network on the validation data, if any. */
    static void validationLogs(
            Network network, org.nnj.data.Dataset validation, boolean accuracy, java.util.Map<String, Double> logs) {
        if (validation != null) {
            var vx = validation.features().castTo(network.dataType());
            var vy = validation.labels().castTo(network.dataType());
            logs.put("val_loss", network.loss(vx, vy));
            if (accuracy) {
                logs.put(
                        "val_accuracy",
                        org.nnj.metrics.Evaluation.of(network.predict(vx), vy, List.of())
                                .accuracy());
            }
        }
    }

    /** The epoch's steps over the examples in {@code order}; returns the mean loss over the examples. */
    double epoch(Network network, int epoch, int[] order, EpochLoop.BatchEnd batchEnd) {
        int n = order.length;
        int[] positions = new int[n];
        for (int p = 0; p < n; p++) {
            positions[order[p]] = p;
        }
        Broadcast<int[]> pos = sc.broadcast(positions);
        double total = 0;
        try {
            int steps = (n + batchSize - 1) / batchSize;
            for (int step = 0; localSteps > 0 && step < steps; step += localSteps) {
                GradientSum sum = round(network, pos, step, Math.min(localSteps, steps - step));
                total += sum.loss;
                batchEnd.accept((int) sum.count, sum.loss / sum.count);
            }
            for (int step = 0; localSteps == 0 && step < steps; step++) {
                GradientSum sum = step(network, pos, step);
                total += sum.loss;
                apply(network, sum, epoch, step + 1);
                batchEnd.accept((int) sum.count, sum.loss / sum.count);
            }
        } finally {
            pos.destroy();
        }
        return total / n;
    }

    private GradientSum step(Network network, Broadcast<int[]> pos, int step) {
        Broadcast<ParameterValues> values = sc.broadcast(ParameterValues.of(network));
        int b = batchSize;
        Broadcast<byte[]> model = this.model; // a local, so that the task captures it and not this object
        try {
            // Added up in partition order on the driver, so the result never depends on which task finished first.
            GradientSum total = new GradientSum();
            for (GradientSum s : indexed.mapPartitions(rows -> Worker.step(rows, model, values, pos, step, b))
                    .collect()) {
                total.add(s);
            }
            return total;
        } finally {
            values.destroy();
        }
    }

    /** One local-steps round: the partitions' parameters after their local steps, averaged into the network. */
    private GradientSum round(Network network, Broadcast<int[]> pos, int first, int steps) {
        Broadcast<ParameterValues> values = sc.broadcast(ParameterValues.of(network));
        int b = batchSize;
        OptimizerFactory factory = localOptimizer;
        Broadcast<byte[]> model = this.model; // a local, so that the task captures it and not this object
        try {
            GradientSum total = new GradientSum();
            for (GradientSum s : indexed.mapPartitions(
                            rows -> Worker.localRound(rows, model, values, pos, first, steps, b, factory))
                    .collect()) {
                total.add(s);
            }
            if (!Double.isFinite(total.loss)) {
                throw new TrainingDivergedException(0, first + 1, "the loss is " + total.loss / total.count);
            }
            List<Parameter> params = network.parameters();
            for (int p = 0; p < params.size(); p++) {
                double[] sum = total.gradients[p];
                double[] mean = new double[sum.length];
                for (int i = 0; i < sum.length; i++) {
                    mean[i] = sum[i] / total.count;
                }
                var target = params.get(p).value();
                target.assign(Nd4j.createFromArray(mean).reshape(target.shape()).castTo(target.dataType()));
            }
            return total;
        } finally {
            values.destroy();
        }
    }

    /** The minibatch's mean gradient into the driver's network, then the optimizer's step. */
    private void apply(Network network, GradientSum sum, int epoch, long step) {
        if (!Double.isFinite(sum.loss)) {
            throw new TrainingDivergedException(epoch, step, "the loss is " + sum.loss / sum.count);
        }
        List<Parameter> params = network.parameters();
        for (int p = 0; p < params.size(); p++) {
            double[] g = sum.gradients[p];
            double[] mean = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                mean[i] = g[i] / sum.count;
            }
            var target = params.get(p).gradient();
            target.assign(Nd4j.createFromArray(mean).reshape(target.shape()).castTo(target.dataType()));
        }
        try {
            optimizer.step(params);
        } catch (NonFiniteUpdateException e) {
            throw new TrainingDivergedException(epoch, step, e.getMessage());
        }
    }

    /**
     * One pass over the data before the first step: every example must have the network's widths and
     * finite values, so that a bad row is named here rather than failing a task mid-training.
     */
    static void checkExamples(Network network, JavaPairRDD<Example, Long> indexed) {
        int in = network.inputSize();
        int out = network.outputSize();
        List<scala.Tuple2<Example, Long>> bad =
                indexed.filter(t -> problem(t._1(), in, out) != null).take(1);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(
                    "example " + bad.get(0)._2() + " " + problem(bad.get(0)._1(), in, out));
        }
    }

    /** What is wrong with an example for a network of these widths, or null. */
    static String problem(Example e, int in, int out) {
        if (e.features().length != in || e.label().length != out) {
            return "has " + e.features().length + " features and " + e.label().length
                    + " targets but the network takes " + in + " and gives " + out;
        }
        for (double v : e.features()) {
            if (!Double.isFinite(v)) {
                return "has a feature that is " + v;
            }
        }
        for (double v : e.label()) {
            if (!Double.isFinite(v)) {
                return "has a target that is " + v;
            }
        }
        return null;
    }
}
