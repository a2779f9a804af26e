package org.nnj.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.io.ModelFile;
import org.nnj.layers.Parameter;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;
import org.nnj.models.TrainingDivergedException;
import org.nnj.train.Trainer;
import org.nnj.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Why residual connections matter (He et al., 2016): the same deep stack of dense layers on MNIST,
 * trained twice from the same random draws ({@link DeepRecipe} says how they are scaled) with the same
 * optimizer, seeds and epochs, once as a plain chain and once as residual blocks {@code x + f(x)}.
 * 10% of the bundled training digits (stratified) are held out for the validation curves; the test
 * digits are used only for the final accuracies. Writes {@code loss.png} (both training and
 * validation curves), {@code accuracy.png}, {@code metrics.json} and each model with its input
 * normalization ({@code model-plain.nnj}, {@code model-residual.nnj}, which {@code mnist --load}
 * evaluates).
 */
@Command(
        name = "deep",
        description = "Why residual connections matter: 20 dense layers on MNIST, as a plain chain and as"
                + " residual blocks x + f(x), from the same draws.")
public final class DeepDemo implements Callable<Integer> {
    static final int EPOCHS = 6;
    static final int MAX_DEPTH = 1000;
    static final int MAX_WIDTH = 4096;
    /** Training examples (the first ones) on which the loss and gradients at initialization are measured. */
    static final int PROBE = 1000;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(
            names = "--depth",
            paramLabel = "N",
            description = "Hidden width x width layers between the input projection and the classifier, an even"
                    + " number (the residual network takes them in pairs); default: ${DEFAULT-VALUE}.",
            defaultValue = "20")
    int depth = 20;

    @Option(
            names = "--width",
            paramLabel = "N",
            description = "Units of every hidden layer (default: ${DEFAULT-VALUE}).",
            defaultValue = "64")
    int width = 64;

    @Option(
            names = "--optimizer",
            paramLabel = "sgd|adam",
            description = "sgd: SGD with momentum 0.9, the default: what He et al. trained with, and where the"
                    + " gap is widest (final training loss 3.9-5.8x lower with residual blocks over seeds 1-5);"
                    + " adam: Adam, where the residual network still trains better with a smaller gap (2.1-3.6x"
                    + " over seeds 1-3).",
            defaultValue = "sgd")
    String optimizer = "sgd";

    @Option(
            names = "--learning-rate",
            paramLabel = "R",
            description = "Learning rate (default: 0.005 for sgd, 0.001 for adam; sgd at 0.03 diverges).")
    Double learningRate;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Folder with the four standard MNIST IDX files (gzipped or not); default: the bundled" + " subset.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options, new Settings(depth, width, optimizer, learningRate, dataDir));
        System.out.print(m.remove("table"));
        System.out.printf(
                "%.1f s -> %s%n", m.get("seconds"), options.out("deep").toAbsolutePath());
        return 0;
    }

    /** The demo's own options, checked. */
    record Settings(int depth, int width, String optimizer, Double learningRate, Path dataDir) {
        Settings {
            if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
                throw new IllegalArgumentException("--optimizer must be sgd or adam, got " + optimizer);
            }
            if (depth < 2 || depth % 2 != 0 || depth > MAX_DEPTH) {
                throw new IllegalArgumentException("--depth must be an even number from 2 to " + MAX_DEPTH
                        + " (the residual network takes the layers in pairs), got " + depth);
            }
            if (width <= 0 || width > MAX_WIDTH) {
                throw new IllegalArgumentException("--width must be from 1 to " + MAX_WIDTH + ", got " + width);
            }
            if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("--learning-rate must be a finite number > 0, got " + learningRate);
            }
        }

        double rate() {
            return learningRate != null ? learningRate : optimizer.equals("adam") ? 0.001 : 0.005;
        }
    }

    /** Trains both networks and writes the outputs; returns metrics.json's content plus the printed "table". */
    static Map<String, Object> run(CommonOptions options, Settings s) throws Exception {
        long started = System.nanoTime();
        int epochs = options.epochs(EPOCHS);
        long seed = options.seed;
        Path dir = options.out("deep");
        Output out = options.output("deep")
                .file("--out", dir.resolve("model-plain.nnj"))
                .file("--out (residual model)", dir.resolve("model-residual.nnj"))
                .input("--data-dir", s.dataDir())
                .open();
        MnistData.Split data = MnistData.load(s.dataDir());
        Dataset all = MnistRecipe.INPUTS.transform(data.train());
        Dataset test = MnistRecipe.INPUTS.transform(data.test());
        Split split = Split.stratified(all, 0.1, seed);
        // at initialization: the loss, and each weight matrix's gradient norm ||dJ/dW_k||, input side first
        Dataset probe = split.train()
                .rows(java.util.stream.IntStream.range(
                                0, Math.min(PROBE, split.train().size()))
                        .toArray());

        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String kind : List.of("plain", "residual")) {
            long t0 = System.nanoTime();
            Network net = kind.equals("plain")
                    ? DeepRecipe.plain(784, s.depth(), s.width(), seed)
                    : DeepRecipe.residual(784, s.depth(), s.width(), seed);
            double initialLoss = Double.NaN;
            List<Double> norms = new ArrayList<>();
            try {
                initialLoss = net.lossAndGradients(probe.features(), probe.labels());
                for (Parameter p : net.parameters()) {
                    if (p.value().rows() > 1) {
                        norms.add(p.gradient().norm2Number().doubleValue());
                    }
                }
            } catch (TrainingDivergedException e) {
                // a network whose very first loss is not finite: reported as NaN (null), then training says where
            }
            Run r = train(net, split, epochs, s, seed);
            Evaluation eval = Evaluation.evaluate(net, test);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("test_accuracy", eval.accuracy());
            one.put("test_loss", net.loss(test.features(), test.labels()));
            one.put("initial_loss", initialLoss);
            one.put("initial_gradient_norms", norms);
            one.put("final_loss", last(r.loss));
            one.put("final_val_loss", last(r.valLoss));
            one.put("final_val_accuracy", last(r.valAccuracy));
            one.put("loss", r.loss);
            one.put("val_loss", r.valLoss);
            one.put("val_accuracy", r.valAccuracy);
            one.put("diverged", r.diverged);
            one.put("parameters", net.parameterCount());
            one.put("seconds", (System.nanoTime() - t0) / 1e9);
            String file = "model-" + kind + ".nnj";
            ModelFile.save(
                    out.staged(kind.equals("plain") ? "--out" : "--out (residual model)"), net, MnistRecipe.INPUTS);
            one.put("model", out.finalFile(file).toString());
            metrics.put(kind, one);
            runs.put(kind, r);
        }
        DeepReport.plots(out, runs, s.depth());
        metrics.put("epochs", epochs);
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        metrics.put("config", config(s, seed, epochs, split, test, s.dataDir()));
        String table = DeepReport.table(metrics, runs);
        out.metrics(metrics);
        metrics.put("table", table);
        return metrics;
    }

    /** One network's curves, and where it diverged (or null). */
    record Run(List<Double> loss, List<Double> valLoss, List<Double> valAccuracy, String diverged) {}

    /**
     * Trains with minibatches of {@value DeepRecipe#BATCH}; a divergence (a NaN or infinite loss) ends
     * that network's training and is reported, with the curves up to the last finished epoch.
     */
    static Run train(Network net, Split split, int epochs, Settings s, long seed) {
        List<Double> loss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> valAccuracy = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                loss.add(logs.get("loss"));
                valLoss.add(logs.get("val_loss"));
                valAccuracy.add(logs.get("val_accuracy"));
            }
        };
        String diverged = null;
        try {
            Trainer.builder()
                    .epochs(epochs)
                    .batchSize(DeepRecipe.BATCH)
                    .optimizer(DeepRecipe.optimizer(s.optimizer(), s.rate()))
                    .validationData(split.test())
                    .accuracy(true)
                    .seed(seed)
                    .listener(record)
                    .build()
                    .fit(net, split.train());
        } catch (TrainingDivergedException e) {
            diverged = "epoch " + e.epoch() + ", step " + e.step();
        }
        return new Run(loss, valLoss, valAccuracy, diverged);
    }

    private static Double last(List<Double> v) {
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    private static Map<String, Object> config(
            Settings s, long seed, int epochs, Split split, Dataset test, Path dataDir) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(
                "networks",
                "784-" + s.width() + " ReLU, " + s.depth() + " x (" + s.width() + "-" + s.width() + "), " + s.width()
                        + "-10 linear, softmax cross-entropy; plain: every hidden layer ReLU, in a chain; residual: the"
                        + " hidden layers in " + s.depth() / 2 + " blocks x + W2 ReLU(W1 x + b1) + b2");
        c.put(
                "initialization",
                "He-normal weights (N(0, 2/fan_in)), zero biases, the same draws from one Random(seed) for both;"
                        + " the residual blocks' closing layer W2 scaled by 1/sqrt(blocks) = 1/sqrt(" + s.depth() / 2
                        + ") (Fixup, Zhang et al. 2019: without normalization, unscaled branches double the"
                        + " signal's variance per block and SGD diverges within the first steps)");
        c.put(
                "optimizer",
                (s.optimizer().equals("adam") ? "Adam" : "SGD with momentum 0.9") + ", learning rate " + s.rate()
                        + ", batch " + DeepRecipe.BATCH + ", " + epochs + " epochs, fresh optimizer per network");
        c.put("seed", seed);
        c.put("data", dataDir == null ? "bundled MNIST subset" : dataDir.toString());
        c.put("train_examples", split.train().size());
        c.put("validation_examples", split.test().size());
        c.put("test_examples", test.size());
        c.put("inputs", "pixels / 255, then (x - 0.1307) / 0.3081");
        c.put(
                "loss",
                "training loss: mean minibatch loss over each epoch; validation loss: after each epoch; initial"
                        + " loss and gradient norms (weight matrices, input side first): on the first " + PROBE
                        + " training examples before the first step");
        return c;
    }
}
