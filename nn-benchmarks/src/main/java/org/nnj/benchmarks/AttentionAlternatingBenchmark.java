package org.nnj.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * {@link AttentionStepBenchmark}'s step and its GEMM-only bound taking turns in one fork (as
 * {@code AlternatingStepBenchmark} does for LeNet), so that both see the same phases of a shared
 * machine: each measurement iteration prints both sides' medians and their ratio, the end of the
 * fork the median over iterations and the median and quartiles of the per-iteration ratios. JMH's own
 * score is one turn (bound then step, or step then bound, alternating).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class AttentionAlternatingBenchmark {
    private final AttentionStepBenchmark step = new AttentionStepBenchmark();
    private final long[][] times = new long[2][1 << 14];
    private int turns;
    private final List<long[]> measured = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        step.setUp();
    }

    /** One turn: the bound and the step, the first of them alternating. */
    @Benchmark
    public int turn() {
        if (turns < times[0].length) {
            for (int s = 0; s < 2; s++) {
                int i = (turns + s) % 2;
                long start = System.nanoTime();
                if (i == 0) {
                    step.gemmBound();
                } else {
                    step.step();
                }
                times[i][turns] = System.nanoTime() - start;
            }
            turns++;
        }
        return turns;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            long[] m = {median(Arrays.copyOf(times[0], turns)), median(Arrays.copyOf(times[1], turns))};
            measured.add(m);
            System.out.printf(
                    Locale.ROOT,
                    "%n  %d turns: bound %.2f ms, step %.2f ms, step/bound %.3f%n",
                    turns,
                    m[0] / 1e6,
                    m[1] / 1e6,
                    (double) m[1] / m[0]);
        }
        turns = 0;
    }

    @TearDown(Level.Trial)
    public void endTrial() {
        long[] bound = measured.stream().mapToLong(m -> m[0]).toArray();
        long[] steps = measured.stream().mapToLong(m -> m[1]).toArray();
        double[] ratios = measured.stream()
                .mapToDouble(m -> (double) m[1] / m[0])
                .sorted()
                .toArray();
        System.out.printf(
                Locale.ROOT,
                "%nAlternating attention over %d iterations: bound %.2f ms, step %.2f ms (medians);"
                        + " step/bound per iteration %.3f (%.2f-%.2f)%n",
                measured.size(),
                median(bound) / 1e6,
                median(steps) / 1e6,
                ratios[ratios.length / 2],
                ratios[ratios.length / 4],
                ratios[(3 * ratios.length) / 4]);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
