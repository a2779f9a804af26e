package org.nnj.spark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.Dataset;
import org.nnj.examples.MnistRecipe;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.spark.Example;
import org.nnj.spark.SparkTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A timed harness (not a test, not JMH: a Spark step is a distributed job): the time of one training
 * step of the mnist demo's network (784-256-10, 203,530 parameters) at a global batch of 64, locally
 * ({@code Network.trainStep}) and through {@link SparkTrainer} on {@code --master} with
 * {@code --partitions}, and the latency of an empty Spark job on the same context. Prints medians
 * over {@code --repeats} epochs of {@code --examples} random examples.
 */
@Command(name = "overhead", description = "Time a local step against a Spark step (timed harness).")
public final class Overhead implements Callable<Integer> {
    @Mixin
    SparkOptions options = new SparkOptions();

    @Option(
            names = "--examples",
            paramLabel = "N",
            description = "Examples per epoch (default: ${DEFAULT-VALUE}).",
            defaultValue = "6400")
    int examples = 6400;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            description = "Epochs timed (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int repeats = 3;

    @Override
    public Integer call() {
        options.check();
        Random r = new Random(1);
        double[][] x = new double[examples][784];
        double[][] y = new double[examples][10];
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i][r.nextInt(10)] = 1;
        }
        Dataset data = new Dataset(
                Nd4j.createFromArray(x).castTo(DataType.FLOAT),
                Nd4j.createFromArray(y).castTo(DataType.FLOAT),
                List.of(),
                List.of());
        int steps = (examples + 63) / 64;

        Network local = MnistRecipe.defaultNetwork(1, 256);
        Adam adam = new Adam(0.001);
        List<Double> localMs = new ArrayList<>();
        INDArray bx = data.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 64));
        INDArray by = data.labels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 64));
        for (int rep = 0; rep < repeats + 1; rep++) {
            long t = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                local.trainStep(bx, by, adam);
            }
            if (rep > 0) {
                localMs.add((System.nanoTime() - t) / 1e6 / steps);
            }
        }

        JavaSparkContext sc = options.start("nnj-overhead");
        try {
            JavaRDD<Example> rdd = Example.parallelize(sc, data, options.partitions);
            List<Double> emptyMs = new ArrayList<>();
            JavaRDD<Integer> tiny =
                    sc.parallelize(List.of(1, 2, 3, 4), options.partitions).cache();
            tiny.count();
            for (int i = 0; i < 50; i++) {
                long t = System.nanoTime();
                tiny.map(v -> v + 1).collect();
                emptyMs.add((System.nanoTime() - t) / 1e6);
            }
            List<Double> sparkMs = new ArrayList<>();
            Network net = MnistRecipe.defaultNetwork(1, 256);
            for (int rep = 0; rep < repeats; rep++) {
                long t = System.nanoTime();
                SparkTrainer.builder()
                        .epochs(1)
                        .batchSize(64)
                        .optimizer(new Adam(0.001))
                        .seed(rep)
                        .build()
                        .fit(net, rdd);
                sparkMs.add((System.nanoTime() - t) / 1e6 / steps);
            }
            System.out.printf(
                    "master %s, %d partitions, %d examples (%d steps of 64), 203,530 float32 parameters%n",
                    options.master, options.partitions, examples, steps);
            System.out.printf(
                    "local step (Network.trainStep, Adam):  %8.2f ms (median of %d epochs)%n",
                    median(localMs), repeats);
            System.out.printf(
                    "Spark step (SparkTrainer, Adam):        %8.2f ms (median of %d epochs, incl. caching)%n",
                    median(sparkMs), repeats);
            System.out.printf("empty Spark job (map + collect):        %8.2f ms (median of 50)%n", median(emptyMs));
        } finally {
            sc.stop();
        }
        return 0;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
