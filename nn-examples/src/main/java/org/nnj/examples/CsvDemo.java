package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
            names = "--folds",
            paramLabel = "K",
            description = "Also cross-validate with K stratified folds (0: no; default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int folds;

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
        Map<String, Object> m = run(options, file, target, hidden, ignore, testFraction, classWeights, folds);
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
        return run(options, file, target, hidden, ignore, testFraction, "none", 0);
    }

    static Map<String, Object> run(
            CommonOptions options,
            Path file,
            String target,
            List<Integer> hidden,
            List<String> ignore,
            double testFraction,
            String classWeights,
            int folds)
            throws Exception {
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("--folds must be 0 (no cross-validation) or >= 2, got " + folds);
        }
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
        if (folds > 0) {
            metrics.putAll(crossValidate(file, target, hidden, ignore, classWeights, folds, epochs, options.seed));
        }
        out.metrics(metrics);
        return metrics;
    }

    /**
     * Stratified k-fold cross-validation with the same recipe (each fold standardized on its own
     * training rows): per-fold test accuracy and macro F1, and their means and standard deviations.
     */
    static Map<String, Object> crossValidate(
            Path file,
            String target,
            List<Integer> hidden,
            List<String> ignore,
            String classWeights,
            int k,
            int epochs,
            long seed)
            throws IOException {
        List<Double> accuracy = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        for (Split fold : folds(file, target, ignore, k, seed)) {
            Standardizer st = Standardizer.fit(fold.train().features());
            Dataset train = st.transform(fold.train());
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            if (classWeights.equals("balanced")) {
                loss = loss.withClassWeights(ClassWeights.balanced(train));
            }
            Network net = mlp(train.numFeatures(), hidden, train.numOutputs(), seed, loss);
            Trainer.builder()
                    .epochs(epochs)
                    .batchSize(32)
                    .optimizer(new Adam(0.003))
                    .seed(seed)
                    .progressBar(false)
                    .build()
                    .fit(net, train);
            Evaluation eval = Evaluation.evaluate(net, st.transform(fold.test()));
            accuracy.add(eval.accuracy());
            f1.add(eval.macroF1());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cv_folds", k);
        m.put("cv_accuracy", accuracy);
        m.put("cv_accuracy_mean", mean(accuracy));
        m.put("cv_accuracy_std", std(accuracy));
        m.put("cv_macro_f1", f1);
        m.put("cv_macro_f1_mean", mean(f1));
        m.put("cv_macro_f1_std", std(f1));
        return m;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1 in the denominator). */
    static double std(List<Double> v) {
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }

    /**
     * The file's rows split (stratified by class) before anything is learned from them, so that the
     * categories of text columns come from the training rows only.
     */
    /** The file, checked: the target and ignored columns exist, every cell used is valid, two classes or more. */
    record Table(CsvTable table, CsvTable.Labels labels, String[] skip) {
        Split rows(String target, Split.Indices rows) {
            return new Split(
                    table.classification(target, rows.train(), rows.train(), skip),
                    table.classification(target, rows.test(), rows.train(), skip));
        }
    }

    static Split split(Path file, String target, List<String> ignore, double testFraction, long seed)
            throws IOException {
        Table t = table(file, target, ignore);
        int n = t.table().rowCount();
        int k = t.labels().classes().size();
        Split.Indices rows = Split.stratified(t.labels().indices(), testFraction, seed);
        double heldOut = (double) rows.test().length / n;
        if (Math.abs(heldOut - testFraction) > 0.05) {
            throw new IllegalArgumentException("a stratified split of " + n + " rows in " + k + " classes holds out "
                    + Math.round(100 * heldOut) + "% for testing, not the " + Math.round(100 * testFraction)
                    + "% of --test-fraction (every class keeps at least one row on each side): use fewer classes or"
                    + " more rows");
        }
        return t.rows(target, rows);
    }

    /** Stratified k-fold splits of the file's rows (categories learned from each fold's training rows). */
    static List<Split> folds(Path file, String target, List<String> ignore, int k, long seed) throws IOException {
        Table t = table(file, target, ignore);
        List<Split> out = new ArrayList<>();
        for (Split.Indices fold : Split.stratifiedFolds(t.labels().indices(), k, seed)) {
            out.add(t.rows(target, fold));
        }
        return out;
    }

    static Table table(Path file, String target, List<String> ignore) throws IOException {
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
        return new Table(table, labels, skip);
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
