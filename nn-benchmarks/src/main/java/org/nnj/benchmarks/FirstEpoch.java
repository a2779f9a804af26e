package org.nnj.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nnj.data.Dataset;
import org.nnj.data.Idx;
import org.nnj.data.Standardizer;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;
import org.nnj.train.TrainingListener;

/**
 * The first epoch of a fresh JVM against the steady ones: {@code Trainer.fit} of the {@code mnist
 * --cnn} LeNet ({@link ConvStepBenchmark#lenet()}, the layers of nn-examples' {@code
 * MnistRecipe.cnnNetwork}; Adam 0.001, batch 64) over the bundled MNIST training digits (7000, from
 * nn-examples' resources, standardized as the demo does, without the shifted copies), timing each epoch
 * from {@code onEpochBegin} to {@code onEpochEnd}: wall time, the training thread's CPU time (what a
 * contended machine moves least: the time the thread is descheduled is not in it) and the JIT's
 * compilation time; for each, the first epoch over the median of the others. One JVM measures one first epoch: run it a few times (the JIT's work is what
 * is measured, so a warm-up would defeat it).
 *
 * <p>Usage, from nn-benchmarks: {@code java -Xmx4g -cp "target/benchmarks.jar:target/lib/*"
 * org.nnj.benchmarks.FirstEpoch [epochs [mnistDir]]} (default 6 and {@code
 * ../nn-examples/src/main/resources/data/mnist}); JIT flags such as {@code -XX:+PrintCompilation} or
 * {@code -XX:TieredStopAtLevel=1} go before {@code -cp}.
 */
public final class FirstEpoch {
    private FirstEpoch() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Path dir = Path.of(args.length > 1 ? args[1] : "../nn-examples/src/main/resources/data/mnist");
        long start = System.nanoTime();
        Idx.Images images = Idx.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
        int[] labels = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
        double[][] x = new double[images.count()][784];
        for (int i = 0; i < x.length; i++) {
            for (int p = 0; p < 784; p++) {
                x[i][p] = images.pixel(i, p);
            }
        }
        double[] mean = new double[784];
        double[] std = new double[784];
        Arrays.fill(mean, 0.1307);
        Arrays.fill(std, 0.3081);
        Dataset train = new Standardizer(mean, std)
                .transform(
                        Dataset.classification(x, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        Network network = ConvStepBenchmark.lenet();
        double setup = (System.nanoTime() - start) / 1e6;
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> jit = new ArrayList<>();
        long[] began = new long[3];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        Trainer.builder()
                .epochs(epochs)
                .batchSize(64)
                .optimizer(new Adam(0.001))
                .seed(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochBegin(int epoch) {
                        began[0] = System.nanoTime();
                        began[1] = threads.getCurrentThreadCpuTime();
                        began[2] = compiler.getTotalCompilationTime();
                    }

                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        times.add((System.nanoTime() - began[0]) / 1e6);
                        cpu.add((threads.getCurrentThreadCpuTime() - began[1]) / 1e6);
                        jit.add((double) (compiler.getTotalCompilationTime() - began[2]));
                    }
                })
                .build()
                .fit(network, train);
        System.out.printf(Locale.ROOT, "setup %.0f ms (JVM start to the network built, data read)%n", setup);
        report("wall", times);
        report("training thread's CPU", cpu);
        System.out.printf(
                Locale.ROOT,
                "JIT compilation time per epoch (ms, all compiler threads): %s%n",
                jit.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
    }

    private static void report(String what, List<Double> times) {
        double[] steady = times.subList(1, times.size()).stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        double median = steady[steady.length / 2];
        System.out.printf(
                Locale.ROOT,
                "%s per epoch (ms): %s; first %.0f, steady median %.0f (%.0f-%.0f): first / steady %.2f%n",
                what,
                times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList(),
                times.get(0),
                median,
                steady[0],
                steady[steady.length - 1],
                times.get(0) / median);
    }
}
