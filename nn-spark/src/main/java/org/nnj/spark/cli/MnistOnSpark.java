package org.nnj.spark.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.examples.MnistData;
import org.nnj.examples.MnistRecipe;
import org.nnj.examples.Output;
import org.nnj.examples.Plots;
import org.nnj.io.ModelFile;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.spark.Example;
import org.nnj.spark.SparkTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code mnist} demo's network (784-256-10 ReLU, dropout 0.3, softmax cross-entropy, Adam 0.001,
 * batch 64) trained with {@link SparkTrainer} on 90% of the training digits (10% validation), then
 * tested on the test digits. Writes metrics.json, loss and confusion plots and model.nnj, which
 * {@code nn-examples mnist --load} evaluates.
 */
@Command(name = "mnist", description = "MNIST digits with the mnist demo's network, trained on Spark.")
public final class MnistOnSpark implements Callable<Integer> {
    static final int EPOCHS = 10;

    @Mixin
    SparkOptions options = new SparkOptions();

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Folder with the four standard MNIST IDX files; default: the bundled subset.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options, dataDir);
        System.out.printf(
                "test accuracy %.4f after %s epochs on %s with %s partitions, %.1f s -> %s%n",
                m.get("test_accuracy"),
                m.get("epochs"),
                options.master,
                options.partitions,
                m.get("seconds"),
                options.out("mnist").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(SparkOptions options, Path dataDir) throws Exception {
        options.check();
        long started = System.nanoTime();
        int epochs = options.epochs(EPOCHS);
        Output out = Output.builder()
                .folder(options.out("mnist"))
                .input("--data-dir", dataDir)
                .open();
        MnistData.Split data = MnistData.load(dataDir);
        Dataset all = MnistRecipe.INPUTS.transform(data.train());
        Dataset test = MnistRecipe.INPUTS.transform(data.test());
        Split split = Split.stratified(all, 0.1, options.seed);
        Network net = MnistRecipe.defaultNetwork(options.seed, 256);
        JavaSparkContext sc = options.start("nnj-mnist");
        History history;
        try {
            history = SparkTrainer.builder()
                    .epochs(epochs)
                    .batchSize(64)
                    .optimizer(new Adam(0.001))
                    .seed(options.seed)
                    .validationData(split.test())
                    .accuracy(true)
                    .build()
                    .fit(net, Example.parallelize(sc, split.train(), options.partitions));
        } finally {
            sc.stop();
        }
        Evaluation eval = Evaluation.evaluate(net, test);
        Map<String, List<Double>> loss = new LinkedHashMap<>();
        loss.put("training loss", history.loss());
        loss.put("validation loss", history.get("val_loss"));
        Plots.lines(out.file("loss.png"), "MNIST on Spark: loss per epoch", "epoch", "loss", loss);
        Plots.confusion(
                out.file("confusion.png"),
                "MNIST test set: accuracy " + String.format("%.4f", eval.accuracy()),
                eval.confusion());
        ModelFile.save(out.file("model.nnj"), net, MnistRecipe.INPUTS);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", eval.accuracy());
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("val_accuracy", history.last("val_accuracy"));
        metrics.put("epochs", history.epochs());
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("master", options.master);
        config.put("partitions", options.partitions);
        config.put("network", "784-256-10, ReLU, dropout 0.3, softmax cross-entropy, Adam 0.001, global batch 64");
        config.put("training", "SparkTrainer: exact synchronous data parallelism");
        config.put("train_examples", split.train().size());
        config.put("validation_examples", split.test().size());
        config.put("test_examples", test.size());
        config.put("seed", options.seed);
        metrics.put("config", config);
        metrics.put("model", out.finalFile("model.nnj").toString());
        out.metrics(metrics);
        return metrics;
    }
}
