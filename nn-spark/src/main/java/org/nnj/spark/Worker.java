package org.nnj.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelFormatException;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;
import scala.Tuple2;

/**
 * What runs on the executors: one step's gradient sum over a partition's share of the global
 * minibatch. Networks are rebuilt from the broadcast model bytes once per concurrent task and training
 * run, pooled, and then only have their parameters overwritten, so a step costs a copy of the parameters, the
 * partition's forward and backward pass and a copy of the gradients.
 */
final class Worker {
    private Worker() {}

    /**
     * Networks built from the current broadcast model, free for a task to borrow: Spark runs tasks on
     * whatever pool thread is free, so networks are pooled per executor JVM, not per thread. A new
     * model (another training run) empties the pool.
     */
    private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<Network>> POOL = new ConcurrentHashMap<>();

    /** Broadcast ids restart with each Spark application, so the key is both. */
    private static String key(Broadcast<byte[]> model) {
        return org.apache.spark.SparkEnv.get().conf().getAppId() + "/" + model.id();
    }

    static Network borrow(Broadcast<byte[]> model) {
        String key = key(model);
        ConcurrentLinkedQueue<Network> free = POOL.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        POOL.keySet().removeIf(other -> !other.equals(key));
        Network net = free.poll();
        if (net != null) {
            return net;
        }
        try {
            return ModelFile.fromBytes(model.value(), "the broadcast model").network();
        } catch (ModelFormatException e) {
            throw new IllegalStateException("cannot rebuild the network on an executor: " + e.getMessage(), e);
        }
    }

    static void giveBack(Broadcast<byte[]> model, Network net) {
        ConcurrentLinkedQueue<Network> free = POOL.get(key(model));
        if (free != null) {
            free.add(net);
        }
    }

    /**
     * The gradient sum of step {@code step} over this partition's examples: those whose position in
     * the epoch's order falls in {@code [step·B, step·B + B)}, taken in that order.
     */
    /**
     * Local-steps mode: this partition's examples of global steps {@code first .. first + K - 1}, one
     * local step per global step (its share of that minibatch, in minibatch order) with a fresh
     * optimizer from {@code factory}, starting from the broadcast parameters. Returns the parameters
     * times the examples used, and the loss sum, for the driver's weighted average.
     */
    static Iterator<GradientSum> localRound(
            Iterator<Tuple2<Example, Long>> rows,
            Broadcast<byte[]> model,
            Broadcast<ParameterValues> values,
            Broadcast<int[]> positions,
            int first,
            int steps,
            int batchSize,
            OptimizerFactory factory) {
        int[] pos = positions.value();
        java.util.TreeMap<Integer, Example> mine = new java.util.TreeMap<>(); // by position in the epoch
        while (rows.hasNext()) {
            Tuple2<Example, Long> row = rows.next();
            int p = pos[Math.toIntExact(row._2())];
            if (p >= first * batchSize && p < (first + steps) * batchSize) {
                mine.put(p, row._1());
            }
        }
        GradientSum sum = new GradientSum();
        if (mine.isEmpty()) {
            return List.of(sum).iterator();
        }
        Network net = borrow(model);
        try {
            values.value().copyInto(net);
            org.nnj.optim.Optimizer opt = factory.get();
            for (int s = first; s < first + steps; s++) {
                var batch = mine.subMap(s * batchSize, (s + 1) * batchSize);
                if (batch.isEmpty()) {
                    continue;
                }
                double[][] x = batch.values().stream().map(Example::features).toArray(double[][]::new);
                double[][] y = batch.values().stream().map(Example::label).toArray(double[][]::new);
                double loss = net.trainStep(
                        Nd4j.createFromArray(x).castTo(net.dataType()),
                        Nd4j.createFromArray(y).castTo(net.dataType()),
                        opt);
                sum.loss += loss * x.length;
                sum.count += x.length;
            }
            List<Parameter> params = net.parameters();
            sum.gradients = new double[params.size()][];
            for (int p = 0; p < params.size(); p++) {
                double[] v = params.get(p).value().data().asDouble();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= sum.count;
                }
                sum.gradients[p] = v;
            }
        } finally {
            giveBack(model, net);
        }
        return List.of(sum).iterator();
    }

    static Iterator<GradientSum> step(
            Iterator<Tuple2<Example, Long>> rows,
            Broadcast<byte[]> model,
            Broadcast<ParameterValues> values,
            Broadcast<int[]> positions,
            int step,
            int batchSize) {
        int[] pos = positions.value();
        int first = step * batchSize;
        List<Example> mine = new ArrayList<>();
        List<Integer> rank = new ArrayList<>();
        while (rows.hasNext()) {
            Tuple2<Example, Long> row = rows.next();
            int p = pos[Math.toIntExact(row._2())];
            if (p >= first && p < first + batchSize) {
                mine.add(row._1());
                rank.add(p);
            }
        }
        GradientSum sum = new GradientSum();
        if (mine.isEmpty()) {
            return List.of(sum).iterator();
        }
        Integer[] order = new Integer[mine.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(rank.get(a), rank.get(b)));
        Network net = borrow(model);
        try {
            values.value().copyInto(net);
            int n = order.length;
            double[][] x = new double[n][];
            double[][] y = new double[n][];
            for (int i = 0; i < n; i++) {
                x[i] = mine.get(order[i]).features();
                y[i] = mine.get(order[i]).label();
            }
            DataType type = net.dataType();
            INDArray xs = Nd4j.createFromArray(x).castTo(type);
            INDArray ys = Nd4j.createFromArray(y).castTo(type);
            double loss = net.lossAndGradients(xs, ys); // mean over these n examples
            List<Parameter> params = net.parameters();
            sum.gradients = new double[params.size()][];
            for (int p = 0; p < params.size(); p++) {
                double[] g = params.get(p).gradient().data().asDouble();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= n; // a sum over the examples, so that partitions add up exactly
                }
                sum.gradients[p] = g;
            }
            sum.loss = loss * n;
            sum.count = n;
        } finally {
            giveBack(model, net);
        }
        return List.of(sum).iterator();
    }
}
