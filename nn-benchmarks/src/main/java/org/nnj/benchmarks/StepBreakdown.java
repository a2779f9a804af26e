package org.nnj.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/**
 * Where a LeNet training step's time goes: the {@code mnist --cnn} step ({@link ConvStepBenchmark}: batch
 * 64, Adam) taken apart into the passes {@code Network.trainStep} runs (each convolution fused with its
 * pooling, as the network runs them), each timed on its own, in turns with the whole step, so that all
 * parts see the same phases of the machine. Prints, per round, the median of each part and of the
 * step, and their sum against the step (the rest: checks, the loss's screen, what the step does
 * between the passes), and the step's products alone ({@link ConvStepBenchmark}'s GEMM-only bound:
 * one sgemm each over the whole batch), so that step minus bound is the Java loops beside OpenBLAS
 * (and the products' own overhead: wide rows, chunks of 32).
 *
 * <p>Usage, from nn-benchmarks: {@code [OMP_NUM_THREADS=1] java -Xmx4g -cp
 * "target/benchmarks.jar:target/lib/*" org.nnj.benchmarks.StepBreakdown [rounds [steps]]} (default 5,
 * 200).
 */
public final class StepBreakdown {
    private StepBreakdown() {}

    private static final String[] PARTS = {
        "conv1+pool forward",
        "conv2+pool forward",
        "flatten, dense1, dense2 forward",
        "softmax cross-entropy",
        "dense2, dense1, flatten backward",
        "conv2+pool backward (with dJ/dx)",
        "conv1+pool backward (no dJ/dx)",
        "Adam update",
        "whole trainStep",
        "products alone (the GEMM bound)"
    };

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int n = ConvStepBenchmark.BATCH;
        Network net = ConvStepBenchmark.lenet();
        Layer[] layers = net.layers().toArray(new Layer[0]);
        Conv2D c1 = (Conv2D) layers[0];
        Conv2D c2 = (Conv2D) layers[2];
        Layer flat = layers[4];
        Dense d1 = (Dense) layers[5];
        Dense d2 = (Dense) layers[6];
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1);
        }
        INDArray p1 = Nd4j.zeros(DataType.FLOAT, n, layers[1].outputSize());
        INDArray p2 = Nd4j.zeros(DataType.FLOAT, n, layers[3].outputSize());
        INDArray f = Nd4j.zeros(DataType.FLOAT, n, flat.outputSize());
        INDArray h = Nd4j.zeros(DataType.FLOAT, n, 120);
        INDArray o = Nd4j.zeros(DataType.FLOAT, n, 10);
        INDArray go = Nd4j.zeros(DataType.FLOAT, n, 10);
        INDArray gh = Nd4j.zeros(DataType.FLOAT, n, 120);
        INDArray gf = Nd4j.zeros(DataType.FLOAT, n, flat.outputSize());
        INDArray gp2 = Nd4j.zeros(DataType.FLOAT, n, layers[3].outputSize());
        INDArray gp1 = Nd4j.zeros(DataType.FLOAT, n, layers[1].outputSize());
        List<Runnable> bound = new ConvStepBenchmark().boundProducts();
        Loss loss = Loss.softmaxCrossEntropy();
        Adam adam = new Adam(0.001);
        Adam stepAdam = new Adam(0.001);
        Runnable[] parts = {
            () -> c1.forwardPooled(x, p1, true),
            () -> c2.forwardPooled(p1, p2, true),
            () -> {
                flat.forward(p2, f, true);
                d1.forward(f, h, true);
                d2.forward(h, o, true);
            },
            () -> loss.valueAndGradient(o, y, go),
            () -> {
                d2.backward(h, o, go, gh);
                d1.backward(f, h, gh, gf);
                flat.backward(p2, f, gf, gp2);
            },
            () -> c2.backwardPooled(p1, p2, gp2, gp1),
            () -> c1.backwardPooled(x, p1, gp1, null),
            () -> adam.step(net.parameters()),
            () -> net.trainStep(x, y, stepAdam),
            () -> {
                for (Runnable product : bound) {
                    product.run();
                }
            }
        };
        for (int w = 0; w < 50; w++) { // warm-up: each part in order, as a step runs them
            for (Runnable part : parts) {
                part.run();
            }
        }
        long[][] t = new long[parts.length][steps];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < steps; s++) {
                for (int p = 0; p < parts.length; p++) { // the passes in order, so each finds what the last left
                    long start = System.nanoTime();
                    parts[p].run();
                    t[p][s] = System.nanoTime() - start;
                }
            }
            double sum = 0;
            StringBuilder line = new StringBuilder();
            for (int p = 0; p < parts.length; p++) {
                long[] v = t[p].clone();
                Arrays.sort(v);
                double us = v[steps / 2] / 1e3;
                if (p < parts.length - 2) {
                    sum += us;
                }
                line.append(String.format(Locale.ROOT, "%n  %-34s %8.0f us", PARTS[p], us));
            }
            System.out.printf(Locale.ROOT, "round %d:%s%n  parts' sum %.0f us%n", r, line, sum);
        }
    }
}
