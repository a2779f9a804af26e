package org.nnj.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.examples.MnistData;
import org.nnj.examples.MnistRecipe;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.spark.Example;
import org.nnj.spark.SparkTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A timed harness: the mnist network (Adam 0.001, global batch 64) on the bundled digits, trained in
 * the exact mode and with {@code localSteps(K)} for each K of {@code --ks}; prints each mode's seconds
 * per epoch, its training loss per epoch and its validation accuracy.
 */
@Command(name = "local-steps", description = "Compare exact training with localSteps(K) (timed harness).")
public final class LocalStepsComparison implements Callable<Integer> {
    @Mixin
    SparkOptions options = new SparkOptions();

    @Option(names = "--ks", paramLabel = "K,K", split = ",", description = "Local steps to compare (default: 4,16).")
    List<Integer> ks = List.of(4, 16);

    @Override
    public Integer call() throws Exception {
        int epochs = options.epochs(3);
        MnistData.Split data = MnistData.load(null);
        Split split = Split.stratified(MnistRecipe.INPUTS.transform(data.train()), 0.1, options.seed);
        Dataset val = split.test();
        JavaSparkContext sc = options.start("nnj-local-steps");
        try {
            JavaRDD<Example> rdd = Example.parallelize(sc, split.train(), options.partitions);
            System.out.printf(
                    "master %s, %d partitions, %d epochs, mnist network, Adam 0.001, global batch 64%n",
                    options.master, options.partitions, epochs);
            report("exact", rdd, val, epochs, 0);
            for (int k : ks) {
                report("localSteps(" + k + ")", rdd, val, epochs, k);
            }
        } finally {
            sc.stop();
        }
        return 0;
    }

    private void report(String name, JavaRDD<Example> rdd, Dataset val, int epochs, int k) {
        Network net = MnistRecipe.defaultNetwork(options.seed, 256);
        SparkTrainer.Builder b = SparkTrainer.builder()
                .epochs(epochs)
                .batchSize(64)
                .optimizer(new Adam(0.001))
                .seed(options.seed)
                .validationData(val)
                .accuracy(true);
        if (k > 0) {
            b.localSteps(k, () -> new Adam(0.001));
        }
        long t = System.nanoTime();
        History h = b.build().fit(net, rdd);
        double seconds = (System.nanoTime() - t) / 1e9 / epochs;
        StringBuilder losses = new StringBuilder();
        h.loss().forEach(l -> losses.append(String.format(" %.4f", l)));
        System.out.printf(
                "%-16s %6.2f s/epoch  loss per epoch:%s  val accuracy %.4f%n",
                name, seconds, losses, h.last("val_accuracy"));
    }
}
