package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.data.ClassWeights;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.metrics.BinaryMetrics;
import org.nnj.metrics.Evaluation;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A classifier for any CSV file with a header. Numeric columns are features; text columns are one-hot
 * encoded with the categories seen in the training split (an unseen category in the test split
 * encodes as all zeros); the target may be numbers or text. Features are standardized (fitted on the
 * training split), the split is stratified, and an MLP with ReLU hidden layers and softmax
 * cross-entropy is trained with Adam. Empty cells are errors, not zeros.
 */
@Command(name = "csv", description = "Train a classifier on any CSV with a header: --file F --target COLUMN.")
public final class CsvDemo implements Callable<Integer> {
    static final int EPOCHS = 60;

    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(
            names = "--export-onnx",
            paramLabel = "FILE",
            description = "Also write the trained model (with its input normalization) as ONNX to FILE.")
    Path exportOnnx;

    @Option(
            names = "--class-weights",
            paramLabel = "none|balanced",
            description = "Weight each class's loss by n / (k n_c) for imbalanced data (default: ${DEFAULT-VALUE}).",
            defaultValue = "none")
    String classWeights = "none";

    @Option(
            names = "--file",
            required = true,
            paramLabel = "F",
            description = "The CSV file (RFC 4180, with a header row).")
    Path file;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    String target;

    @Option(names = "--hidden", paramLabel = "N,N", split = ",", description = "Hidden layer sizes (default: 32,16).")
    List<Integer> hidden = List.of(32, 16);

    @Option(names = "--ignore", paramLabel = "COL,COL", split = ",", description = "Columns to leave out.")
    List<String> ignore = List.of();

    @Option(
            names = "--test-fraction",
            paramLabel = "F",
            description = "Fraction held out for testing (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.2")
    double testFraction = 0.2;

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        options.checkExportOnnx();
        Map<String, Object> m = run(options, file, target, hidden, ignore, testFraction, classWeights);
        List<?> classes = (List<?>) m.get("classes");
        System.out.printf(
                "test accuracy %.4f (train %.4f) on %d classes%n%s-> %s%n",
                m.get("test_accuracy"),
                m.get("train_accuracy"),
                classes.size(),
                classes.size() <= 20 ? m.get("confusion_matrix") : "(the confusion matrix is in metrics.json)\n",
                options.out("csv").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(
            CommonOptions options,
            Path file,
            String target,
            List<Integer> hidden,
            List<String> ignore,
            double testFraction)
            throws Exception {
        return run(options, file, target, hidden, ignore, testFraction, "none");
    }

    static Map<String, Object> run(
            CommonOptions options,
            Path file,
            String target,
            List<Integer> hidden,
            List<String> ignore,
            double testFraction,
            String classWeights)
            throws Exception {
        if (!classWeights.equals("none") && !classWeights.equals("balanced")) {
            throw new IllegalArgumentException("--class-weights must be none or balanced, got " + classWeights);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h <= 0)) {
            throw new IllegalArgumentException("--hidden needs one or more sizes > 0, got " + hidden);
        }
        long started = System.nanoTime();
        Output out = new Output(options.out("csv"));
        Split split = split(file, target, ignore, testFraction, options.seed);
        Dataset train = split.train();
        Dataset test = split.test();
        List<String> classes = train.classNames();
        List<String> featureNames = train.featureNames();
        Standardizer standardizer = Standardizer.fit(train.features());
        train = standardizer.transform(train);
        test = standardizer.transform(test);

        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        if (classWeights.equals("balanced")) {
            loss = loss.withClassWeights(ClassWeights.balanced(train));
        }
        Network net = mlp(featureNames.size(), hidden, classes.size(), options.seed, loss);
        int epochs = options.epochs(EPOCHS);
        History history = Trainer.builder()
                .epochs(epochs)
                .batchSize(32)
                .optimizer(new Adam(0.003))
                .accuracy(true)
                .seed(options.seed)
                .build()
                .fit(net, train);
        Evaluation eval = Evaluation.evaluate(net, test);
        options.exportOnnx(net, standardizer);

        Plots.confusion(
                out.file("confusion.png"),
                file.getFileName() + ": test accuracy " + String.format("%.3f", eval.accuracy()),
                eval.confusion());
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("loss", history.loss());
        curves.put("train accuracy", history.get("accuracy"));
        Plots.lines(out.file("training.png"), "Loss and training accuracy per epoch", "epoch", "value", curves);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", file.toString());
        config.put("target", target);
        config.put("features", featureNames);
        config.put("ignored", ignore);
        config.put("hidden", hidden);
        config.put("test_fraction", testFraction);
        config.put("split", "stratified, " + train.size() + " train / " + test.size() + " test");
        config.put("optimizer", "Adam 0.003, batch 32, " + epochs + " epochs");
        config.put(
                "class_weights", loss.classWeights() == null ? "none" : java.util.Arrays.toString(loss.classWeights()));
        config.put("seed", options.seed);
        Map<String, Object> metrics = Demos.metrics(eval.accuracy(), history.last("accuracy"), epochs, started, config);
        metrics.put("classes", classes);
        metrics.put("test_macro_f1", eval.macroF1());
        if (classes.size() == 2) { // the probability of the second class as the score
            INDArray p = net.predict(test.features());
            double[] scores = p.getColumn(1).toDoubleVector();
            metrics.put("test_roc_auc", BinaryMetrics.rocAuc(scores, test.classIndices()));
            metrics.put("test_average_precision", BinaryMetrics.averagePrecision(scores, test.classIndices()));
        }
        metrics.put("confusion_matrix", eval.confusion().toString());
        out.metrics(metrics);
        return metrics;
    }

    /**
     * The file's rows split (stratified by class) before anything is learned from them, so that the
     * categories of text columns come from the training rows only.
     */
    static Split split(Path file, String target, List<String> ignore, double testFraction, long seed)
            throws IOException {
        CsvTable table = CsvTable.read(file);
        if (!table.header().contains(target)) {
            throw new IllegalArgumentException(
                    "unknown target column '" + target + "'; the columns of " + file + " are " + table.header());
        }
        for (String col : ignore) {
            if (!table.header().contains(col)) {
                throw new IllegalArgumentException(
                        "--ignore names unknown column '" + col + "'; the columns are " + table.header());
            }
        }
        String[] skip = ignore.toArray(new String[0]);
        table.check(target, skip);
        CsvTable.Labels labels = table.labels(target);
        if (labels.classes().size() < 2) {
            throw new IllegalArgumentException("target column '" + target + "' has a single class " + labels.classes()
                    + "; a classifier needs at least two");
        }
        int n = table.rowCount();
        int k = labels.classes().size();
        if (k > 20 && k > n / 2) {
            throw new IllegalArgumentException("target column '" + target + "' has " + k + " distinct values in " + n
                    + " rows: it looks continuous or like an identifier, and this demo classifies");
        }
        Split.Indices rows = Split.stratified(labels.indices(), testFraction, seed);
        double heldOut = (double) rows.test().length / n;
        if (Math.abs(heldOut - testFraction) > 0.05) {
            throw new IllegalArgumentException("a stratified split of " + n + " rows in " + k + " classes holds out "
                    + Math.round(100 * heldOut) + "% for testing, not the " + Math.round(100 * testFraction)
                    + "% of --test-fraction (every class keeps at least one row on each side): use fewer classes or"
                    + " more rows");
        }
        return new Split(
                table.classification(target, rows.train(), rows.train(), skip),
                table.classification(target, rows.test(), rows.train(), skip));
    }

    /** ReLU hidden layers of the given sizes (He init) and a linear output for softmax cross-entropy. */
    static Network mlp(int inputs, List<Integer> hidden, int classes, long seed, SoftmaxCrossEntropy loss) {
        Network.Builder b = Network.builder().seed(seed);
        int in = inputs;
        for (int h : hidden) {
            b.add(new Dense(in, h, Activation.relu(), Initializer.he()));
            in = h;
        }
        return b.add(new Dense(in, classes)).loss(loss).build();
    }
}
