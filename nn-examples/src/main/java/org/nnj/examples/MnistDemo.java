package org.nnj.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.layers.Conv2D;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Handwritten digits. By default a 784-256-10 network (ReLU, dropout 0.3, softmax cross-entropy, Adam,
 * minibatches of 64) on the bundled 7000/1000 MNIST subset. The number of epochs is chosen on a
 * validation split (10% of the training data), then the network is retrained on all the training
 * data for that many epochs; the test set is used only for the final report. {@code --tutorial} runs
 * the mathspp setting instead.
 */
@Command(
        name = "mnist",
        description = "MNIST digits: MLP with dropout and Adam (or --tutorial: 784-16-16-10, MSE, per-sample SGD).")
public final class MnistDemo implements Callable<Integer> {
    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(
            names = "--export-onnx",
            paramLabel = "FILE",
            description = "Also write the trained model (with its input normalization) as ONNX to FILE.")
    Path exportOnnx;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Folder with the four standard MNIST IDX files (gzipped or not); default: the bundled subset.")
    Path dataDir;

    @Option(
            names = "--tutorial",
            description = "The mathspp setting: 784-16-16-10 LeakyReLU, MSE, per-sample SGD, one epoch.")
    boolean tutorial;

    @Option(
            names = "--recipe",
            paramLabel = "adam|sgd",
            description = "The dense network's recipe: adam (784-256-10, dropout 0.3, Adam 0.001) or sgd (784-128-10,"
                    + " SGD with momentum 0.9, lr 0.1); default: ${DEFAULT-VALUE}.",
            defaultValue = "adam")
    String recipe = "adam";

    @Option(
            names = "--augment",
            negatable = true,
            description = "Train on the digits plus a copy of each shifted by up to 2 pixels (twice the data);"
                    + " on by default with --cnn, where validation chose it, off otherwise.")
    Boolean augment;

    @Option(
            names = "--cnn",
            description = "A LeNet-style convolutional network instead of the dense one (Adam, batch 64,"
                    + " epochs chosen on validation within " + MnistRecipe.CNN_EPOCHS + ").")
    boolean cnn;

    @Option(
            names = "--load",
            paramLabel = "FILE",
            description = "Skip training: evaluate a model saved by this demo on the test set.")
    Path load;

    @Option(
            names = "--hidden",
            paramLabel = "N",
            description = "Hidden units of the default network (default: ${DEFAULT-VALUE}).",
            defaultValue = "256")
    int hidden = 256;

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        if (load != null) {
            List<String> ignored = new ArrayList<>();
            if (tutorial) {
                ignored.add("--tutorial");
            }
            if (cnn) {
                ignored.add("--cnn");
            }
            if (augment != null) {
                ignored.add("--augment");
            }
            if (hidden != 256) {
                ignored.add("--hidden");
            }
            if (options.epochs != null) {
                ignored.add("--epochs");
            }
            if (!ignored.isEmpty()) {
                System.err.println(
                        "note: " + String.join(", ", ignored) + " ignored with --load (the saved model is evaluated)");
            }
            Map<String, Object> m = evaluate(options, dataDir, load);
            System.out.printf(
                    "loaded %s: test accuracy %.4f -> %s%n",
                    load, m.get("test_accuracy"), options.out("mnist").toAbsolutePath());
            return 0;
        }
        if (!recipe.equals("adam") && !recipe.equals("sgd")) {
            throw new IllegalArgumentException("--recipe must be adam or sgd, got " + recipe);
        }
        if (cnn && (tutorial || hidden != 256)) {
            throw new IllegalArgumentException(
                    "--cnn cannot be combined with " + (tutorial ? "--tutorial" : "--hidden"));
        }
        if (Boolean.TRUE.equals(augment) && tutorial) {
            throw new IllegalArgumentException("--augment cannot be combined with --tutorial");
        }
        Map<String, Object> m = run(options, dataDir, tutorial, hidden, cnn, recipe, augment != null ? augment : cnn);
        System.out.printf(
                "test accuracy %.4f (train %.4f) after %s epochs, %.1f s -> %s%n",
                m.get("test_accuracy"),
                m.get("train_accuracy"),
                m.get("epochs"),
                m.get("seconds"),
                options.out("mnist").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(CommonOptions options, Path dataDir, boolean tutorial, int hidden) throws Exception {
        return run(options, dataDir, tutorial, hidden, false, "adam");
    }

    static Map<String, Object> run(
            CommonOptions options, Path dataDir, boolean tutorial, int hidden, boolean cnn, String recipe)
            throws Exception {
        return run(options, dataDir, tutorial, hidden, cnn, recipe, false);
    }

    static Map<String, Object> run(
            CommonOptions options,
            Path dataDir,
            boolean tutorial,
            int hidden,
            boolean cnn,
            String recipe,
            boolean augment)
            throws Exception {
        if (hidden <= 0) {
            throw new IllegalArgumentException("--hidden must be > 0, got " + hidden);
        }
        long started = System.nanoTime();
        Output out = options.output("mnist").input("--data-dir", dataDir).open();
        MnistData.Split data = MnistData.load(dataDir);
        Dataset train = tutorial ? data.train() : MnistRecipe.INPUTS.transform(data.train());
        Dataset test = tutorial ? data.test() : MnistRecipe.INPUTS.transform(data.test());
        Network net;
        History history;
        Map<String, Object> config = new LinkedHashMap<>();
        int epochs;
        MnistRecipe.Trained trained = tutorial
                ? MnistRecipe.tutorial(train, options.epochs(1), options.seed, config)
                : MnistRecipe.chosenEpochs(
                        train,
                        options.epochs(cnn ? MnistRecipe.CNN_EPOCHS : MnistRecipe.EPOCHS),
                        options.seed,
                        hidden,
                        cnn,
                        recipe,
                        augment ? data.side() : 0,
                        config);
        net = trained.net();
        history = trained.history();
        epochs = trained.epochs();
        config.put("data", dataDir == null ? "bundled MNIST subset" : dataDir.toString());
        config.put("train_examples", train.size());
        config.put("test_examples", test.size());
        config.put("validation", "10% of the training data, stratified; the test set is used only for this report");
        config.put(
                "augmentation",
                augment
                        ? "each training digit plus a copy shifted by up to 2 pixels (validation digits never)"
                        : "none");
        config.put("seed", options.seed);

        Evaluation eval = Evaluation.evaluate(net, test);
        report(out, net, history, test, data.test(), eval, data.side());
        if (cnn) {
            filters(out.file("filters.png"), (Conv2D) net.layer(0));
        }
        Map<String, Object> metrics =
                Demos.metrics(eval.accuracy(), Demos.accuracy(net, train), epochs, started, config);
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("test_log_loss", eval.logLoss());
        metrics.put(
                "best_val_accuracy",
                history.get("val_accuracy").stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(Double.NaN));
        Path model = out.file("model.nnj");
        ModelFile.save(model, net, tutorial ? null : MnistRecipe.INPUTS);
        CommonOptions.exportOnnx(out, net, tutorial ? null : MnistRecipe.INPUTS, null);
        metrics.put("model", out.finalFile("model.nnj").toString());
        out.metrics(metrics);
        return metrics;
    }

    /** {@code --load}: evaluates a saved model (and the input normalizer saved with it) on the test set. */
    static Map<String, Object> evaluate(CommonOptions options, Path dataDir, Path modelFile) throws Exception {
        long started = System.nanoTime();
        Output out = options.output("mnist")
                .input("--load", modelFile)
                .input("--data-dir", dataDir)
                .open();
        SavedModel saved = ModelFile.load(modelFile);
        Network net = saved.network();
        if (net.inputSize() != 784 || net.outputSize() != 10) {
            throw new IllegalArgumentException(modelFile + " holds a " + net.inputSize() + " -> " + net.outputSize()
                    + " network, not an MNIST classifier (784 -> 10)");
        }
        MnistData.Split data = MnistData.load(dataDir);
        Dataset test =
                saved.normalizerIfAny().map(n -> n.transform(data.test())).orElse(data.test());
        Dataset train =
                saved.normalizerIfAny().map(n -> n.transform(data.train())).orElse(data.train());
        Evaluation eval = Evaluation.evaluate(net, test);
        Plots.confusion(
                out.file("confusion.png"),
                "MNIST test set (loaded model): accuracy " + String.format("%.4f", eval.accuracy()),
                eval.confusion());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loaded", modelFile.toString());
        config.put("network", net.toString());
        config.put("data", dataDir == null ? "bundled MNIST subset" : dataDir.toString());
        Map<String, Object> metrics = Demos.metrics(eval.accuracy(), Demos.accuracy(net, train), 0, started, config);
        metrics.put("test_macro_f1", eval.macroF1());
        CommonOptions.exportOnnx(out, net, saved.normalizerIfAny().orElse(null), null);
        out.metrics(metrics);
        return metrics;
    }

    /** The first convolution's filters as images, each scaled to its own range (dark = large). */
    static void filters(Path png, Conv2D conv) throws java.io.IOException {
        INDArray w = conv.weight();
        List<float[]> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int f = 0; f < w.rows(); f++) {
            double[] v = w.getRow(f).toDoubleVector();
            double min = java.util.Arrays.stream(v).min().orElse(0);
            double max = java.util.Arrays.stream(v).max().orElse(1);
            float[] img = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                img[i] = (float) ((v[i] - min) / Math.max(max - min, 1e-12));
            }
            images.add(img);
            captions.add("filter " + f);
        }
        int side =
                (int) Math.round(Math.sqrt(w.columns() / (double) conv.input().channels()));
        Plots.imageGrid(png, "First convolution's learned filters", images, side, captions, 8);
    }

    static void report(
            Output out, Network net, History history, Dataset test, Dataset rawTest, Evaluation eval, int side)
            throws Exception {
        Map<String, List<Double>> loss = new LinkedHashMap<>();
        loss.put("training loss", history.loss());
        loss.put("validation loss", history.get("val_loss"));
        Plots.lines(out.file("loss.png"), "MNIST: loss per epoch", "epoch", "loss", loss);
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        acc.put("training accuracy", history.get("accuracy"));
        acc.put("validation accuracy", history.get("val_accuracy"));
        Plots.lines(out.file("accuracy.png"), "MNIST: accuracy per epoch", "epoch", "accuracy", acc);
        Plots.confusion(
                out.file("confusion.png"),
                "MNIST test set: accuracy " + String.format("%.4f", eval.accuracy()),
                eval.confusion());
        INDArray p = net.predict(test.features());
        int[] predicted = OneHot.classes(p);
        int[] actual = test.classIndices();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < actual.length && wrong.size() < 40; i++) {
            if (predicted[i] != actual[i]) {
                wrong.add(i);
            }
        }
        List<String> captions = new ArrayList<>();
        for (int i : wrong) {
            captions.add("pred " + predicted[i] + " / true " + actual[i]);
        }
        Plots.imageGrid(
                out.file("misclassified.png"),
                "Misclassified test digits (predicted / true)",
                MnistData.images(
                        rawTest, wrong.stream().mapToInt(Integer::intValue).toArray()),
                side,
                captions);
    }
}
