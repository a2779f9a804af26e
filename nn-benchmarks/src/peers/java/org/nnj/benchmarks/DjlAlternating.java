package org.nnj.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;

/**
 * nn-core's training step against PyTorch 2.7's through DJL, in one process, taking turns step by
 * step (issue 26). Every turn runs one nn-core step and one DJL step, the order alternating from
 * turn to turn, so both sides see the same phases of this shared 2-core VM ({@link
 * AlternatingStepBenchmark}). A round is {@code turns} turns; each round prints each side's median
 * step time and their ratio {@code r = t_nnj / t_djl} (below 1: nn-core faster); the end prints the
 * median over rounds of each side's round medians and the median, quartiles and range of the
 * per-round ratios.
 *
 * <p>Workloads: {@code mlp-sgd} and {@code mlp-adam} (784-256-128-10 ReLU, batch 128, {@link
 * Shapes#batch}), {@code lenet-adam} ({@link ConvStepBenchmark#lenet()}, batch 64); same float32
 * data and one-hot targets on both sides. Threads: PyTorch's intra-op and inter-op pools are set
 * to {@code ai.djl.pytorch.num_threads} and {@code ai.djl.pytorch.num_interop_threads} (default 1,
 * set here before the engine loads); nn-core runs as it does anywhere (caller thread, its second
 * core helper, OpenBLAS's own threads).
 *
 * <p>Usage: {@code DjlAlternating workload [rounds [turns [warmup]]]}, after {@code mvn -B -Ppeers -pl
 * nn-benchmarks -am package -DskipTests}, from nn-benchmarks: {@code OMP_NUM_THREADS=1
 * OMP_WAIT_POLICY=PASSIVE java -Xmx4g -Dai.djl.offline=true -cp "target/benchmarks.jar:target/lib/*"
 * org.nnj.benchmarks.DjlAlternating mlp-sgd}. OMP_NUM_THREADS=1 also brings nn-core's OpenBLAS to one
 * thread (ND4J sets it from OpenMP's count); without it OpenBLAS keeps its two.
 */
public final class DjlAlternating {
    private DjlAlternating() {}

    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "mlp-sgd";
        boolean lenet = workload.startsWith("lenet");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int turns = args.length > 2 ? Integer.parseInt(args[2]) : (lenet ? 60 : 250);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("ai.djl.pytorch.num_threads", "1");
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        String optimizer = workload.substring(workload.indexOf('-') + 1);

        int rows = lenet ? ConvStepBenchmark.BATCH : 128;
        INDArray x;
        INDArray y;
        Network network;
        Optimizer nnjOptimizer;
        if (lenet) {
            x = Nd4j.rand(DataType.FLOAT, rows, 784);
            y = Nd4j.zeros(DataType.FLOAT, rows, 10);
            for (int i = 0; i < rows; i++) {
                y.putScalar(i, i % 10, 1);
            }
            network = ConvStepBenchmark.lenet();
        } else {
            INDArray[] batch = Shapes.batch("mlp");
            x = batch[0];
            y = batch[1];
            network = Shapes.nnCore("mlp");
        }
        nnjOptimizer = Shapes.optimizer(optimizer);
        Runnable nnj = () -> network.trainStep(x, y, nnjOptimizer);
        try (DjlSteps djl = new DjlSteps(
                workload.substring(0, workload.indexOf('-')),
                optimizer,
                x.dup().data().asFloat(),
                y.dup().data().asFloat(),
                rows)) {
            System.out.printf(
                    Locale.ROOT,
                    "%s: batch %d, %d rounds x %d turns, warm-up %d steps each%n"
                            + "threads: PyTorch intra-op %d, inter-op %d; OpenBLAS (nn-core) %d;"
                            + " OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s; availableProcessors %d%n",
                    workload,
                    rows,
                    rounds,
                    turns,
                    warmup,
                    ai.djl.pytorch.jni.JniUtils.getNumThreads(),
                    ai.djl.pytorch.jni.JniUtils.getNumInteropThreads(),
                    org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads(),
                    System.getenv("OMP_NUM_THREADS"),
                    System.getenv("OMP_WAIT_POLICY"),
                    Runtime.getRuntime().availableProcessors());
            float nnjFirst = (float) network.trainStep(x, y, nnjOptimizer);
            float djlFirst = djl.stepAndLoss();
            for (int i = 0; i < warmup; i++) {
                nnj.run();
                djl.step();
            }
            System.out.printf(
                    Locale.ROOT,
                    "loss, first step -> after warm-up: nnj %.4f -> %.4f, djl %.4f -> %.4f%n",
                    nnjFirst,
                    network.trainStep(x, y, nnjOptimizer),
                    djlFirst,
                    djl.stepAndLoss());
            run(new Runnable[] {nnj, djl::step}, rounds, turns);
        }
    }

    /** Rounds of turns; per round each side's median; at the end the summary. */
    static void run(Runnable[] sides, int rounds, int turns) {
        long[][] step = new long[2][turns];
        long[][] median = new long[2][rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < turns; t++) {
                for (int s = 0; s < 2; s++) {
                    int i = (t + s) % 2;
                    long start = System.nanoTime();
                    sides[i].run();
                    step[i][t] = System.nanoTime() - start;
                }
            }
            median[0][r] = median(step[0]);
            median[1][r] = median(step[1]);
            ratio[r] = (double) median[0][r] / median[1][r];
            System.out.printf(
                    Locale.ROOT,
                    "round %3d: nnj %8.1f us  djl %8.1f us  nnj/djl %.3f%n",
                    r,
                    median[0][r] / 1e3,
                    median[1][r] / 1e3,
                    ratio[r]);
        }
        double[] sorted = ratio.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "SUMMARY over %d rounds: median of round medians nnj %.1f us, djl %.1f us;"
                        + " nnj/djl per round: median %.3f, quartiles %.3f-%.3f, range %.3f-%.3f%n",
                rounds,
                median(median[0]) / 1e3,
                median(median[1]) / 1e3,
                sorted[rounds / 2],
                sorted[rounds / 4],
                sorted[(3 * rounds) / 4],
                sorted[0],
                sorted[rounds - 1]);
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
