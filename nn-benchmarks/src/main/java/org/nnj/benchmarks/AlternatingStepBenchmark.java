package org.nnj.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The speed targets' ratios with both sides in one process, taking turns step by step: the training
 * step against its GEMM-only bound, and each optimizer's step against plain SGD's.
 *
 * <p>Why: this 2-core VM runs in phases of a few seconds to a minute in which the same code is 1.4x
 * (OpenBLAS) to 1.7x (the step) slower, the second core being shared with other tenants (a bound-only
 * process shows 4.4 then 6.3 ms per call for ~5 s, then 4.4 again; nn-benchmarks/README.md). {@link
 * ConvStepBenchmark} and {@link TrainStepBenchmark} time each side in its own fork, minutes apart,
 * so a ratio of their medians also measures which phase each fork landed in. Here each invocation
 * runs every side once, in an order that rotates, so every side sees the same phases; the medians
 * of each side's own times and their ratios are printed at the end of the fork (JMH's score is the
 * time of one whole turn).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class AlternatingStepBenchmark {
    /**
     * lenet: {@link ConvStepBenchmark}'s step and its bound; mlp: the mlp's SGD step and {@link
     * GemmBoundBenchmark}'s bound; an optimizer's name (momentum ... adamw): the mlp step with that
     * optimizer and with SGD, each on its own network (parameters, gradients, rollback copy,
     * activations and state: ~11 MB for SGD and Adam, taking turns in the 32 MB L3); optimizers: all
     * seven at once, each on its own network (~40 MB taking turns, more than the L3 holds, so each
     * step finds its memory evicted by the six others', which a training loop of one network does
     * not).
     */
    @Param({"lenet", "mlp", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "optimizers", "residual"})
    public String shape;

    private final List<String> names = new ArrayList<>();
    private final List<Runnable> sides = new ArrayList<>();
    private long[][] times;
    private int turns;
    private final List<long[]> measured = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        if (shape.equals("residual")) { // ResidualBenchmark's plain chain, its residual graph, one pass
            ResidualBenchmark r = new ResidualBenchmark();
            r.width = 256;
            r.blocks = 4;
            r.setUp();
            side("plain", r::plainStep);
            side("residual", r::residualStep);
            side("pass", r::pass);
        } else if (shape.equals("lenet")) {
            ConvStepBenchmark conv = new ConvStepBenchmark();
            conv.setUp();
            side("bound", conv::gemmBound);
            side("step", conv::nnCore);
        } else {
            if (shape.equals("mlp")) {
                GemmBoundBenchmark bound = new GemmBoundBenchmark();
                bound.setUp();
                side("bound", bound::mlp);
            }
            INDArray[] batch = Shapes.batch("mlp");
            String[] optimizers = shape.equals("mlp")
                    ? new String[] {"sgd"}
                    : shape.equals("optimizers") ? Shapes.OPTIMIZERS : new String[] {"sgd", shape};
            for (String name : optimizers) {
                Network network = Shapes.nnCore("mlp");
                Optimizer optimizer = Shapes.optimizer(name);
                side(name, () -> network.trainStep(batch[0], batch[1], optimizer));
            }
        }
        times = new long[sides.size()][1 << 16];
    }

    private void side(String name, Runnable run) {
        names.add(name);
        sides.add(run);
    }

    /** One turn: every side once, starting one further along each time. */
    @Benchmark
    public int turn() {
        int n = sides.size();
        if (turns < times[0].length) {
            for (int s = 0; s < n; s++) {
                int i = (turns + s) % n;
                long start = System.nanoTime();
                sides.get(i).run();
                times[i][turns] = System.nanoTime() - start;
            }
            turns++;
        }
        return turns;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            long[] medians = new long[sides.size()];
            for (int i = 0; i < medians.length; i++) {
                medians[i] = median(Arrays.copyOf(times[i], turns));
            }
            measured.add(medians);
            System.out.println();
            System.out.println("  " + describe(medians, turns + " turns"));
        }
        turns = 0;
    }

    /**
     * The median over the measurement iterations of each side's per-iteration medians, and their
     * ratios; then, per side, the median and quartiles of its per-iteration ratios. The latter pairs
     * each iteration's sides, which saw the same phases; a ratio of the overall medians can take
     * them from different iterations (one side's median from a calm one, the other's from a slow one).
     */
    @TearDown(Level.Trial)
    public void endTrial() {
        long[] overall = new long[sides.size()];
        for (int i = 0; i < overall.length; i++) {
            long[] perIteration = new long[measured.size()];
            for (int k = 0; k < perIteration.length; k++) {
                perIteration[k] = measured.get(k)[i];
            }
            overall[i] = median(perIteration);
        }
        System.out.println();
        System.out.println("Alternating " + shape + ": " + describe(overall, measured.size() + " iterations"));
        StringBuilder paired =
                new StringBuilder("Alternating " + shape + ", ratios per iteration, median (quartiles):");
        for (int i = 1; i < sides.size(); i++) {
            double[] ratios = new double[measured.size()];
            for (int k = 0; k < ratios.length; k++) {
                ratios[k] = ratio(measured.get(k), i);
            }
            Arrays.sort(ratios);
            paired.append(String.format(
                    Locale.ROOT,
                    " %s %.3f (%.2f-%.2f)",
                    label(i),
                    ratios[ratios.length / 2],
                    ratios[ratios.length / 4],
                    ratios[(3 * ratios.length) / 4]));
        }
        System.out.println(paired);
    }

    /** Side i over side 0: the step over its bound (lenet, mlp), or each optimizer's step over SGD's. */
    private double ratio(long[] medians, int i) {
        return (double) medians[i] / medians[0];
    }

    private String label(int i) {
        return names.get(i) + "/" + names.get(0);
    }

    private String describe(long[] medians, String over) {
        StringBuilder line = new StringBuilder("medians (us) over " + over + ":");
        for (int i = 0; i < medians.length; i++) {
            line.append(String.format(Locale.ROOT, " %s %.0f", names.get(i), medians[i] / 1e3));
        }
        line.append(';');
        for (int i = 1; i < medians.length; i++) {
            line.append(String.format(Locale.ROOT, " %s %.3f", label(i), ratio(medians, i)));
        }
        return line.toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
