package org.nnj.examples;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.data.ClassWeights;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.data.Schema;
import org.nnj.data.Schema.Missing;
import org.nnj.data.Schema.Task;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.io.ModelFile;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.metrics.BinaryMetrics;
import org.nnj.metrics.Evaluation;
import org.nnj.metrics.RegressionMetrics;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.CrossValidation;
import org.nnj.train.EarlyStopping;
import org.nnj.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A classifier or regressor for any CSV file with a header. Numeric columns are features; text columns
 * are one-hot encoded with the categories seen in the training split; missing cells are an error, or
 * dropped, or imputed ({@code --missing}). The task is detected from the target (a numeric column with
 * many distinct values is regression) or given with {@code --task}. Features are standardized
 * (fitted on the training split), the split is stratified for classification, and an MLP with ReLU
 * hidden layers (optionally with batch normalization) is trained with Adam, stopping early on a
 * validation split of the training rows and keeping the best epoch's weights. The model, its input
 * standardizer and the {@link Schema} are saved as {@code model.nnj}, which {@code predict} applies to
 * new files.
 */
@Command(
        name = "csv",
        description = "Train a classifier or regressor on any CSV with a header: --file F --target COLUMN.")
public final class CsvDemo implements Callable<Integer> {
    /** The most epochs a run trains for; early stopping usually ends it sooner. */
    static final int EPOCHS = 200;
    /** Epochs without a better validation loss before training stops. */
    static final int PATIENCE = 20;
    /** Below this many training rows there is no validation split: every epoch asked for is trained. */
    static final int MIN_ROWS_FOR_VALIDATION = 40;

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
            description = "Also cross-validate with K folds, stratified for classification (0: no; default:"
                    + " ${DEFAULT-VALUE}).",
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

    @Option(
            names = "--task",
            paramLabel = "auto|classification|regression",
            description = "What the target is (default: ${DEFAULT-VALUE}: regression for a numeric target with"
                    + " more than 20 distinct values, else classification).",
            defaultValue = "auto")
    String task = "auto";

    @Option(
            names = "--loss",
            paramLabel = "mse|huber",
            description =
                    "Regression loss on the standardized target (default: ${DEFAULT-VALUE}; huber uses" + " delta 1).",
            defaultValue = "mse")
    String loss = "mse";

    @Option(
            names = "--missing",
            paramLabel = "error|drop|impute",
            description = "Missing cells: an error naming line and column, drop their rows, or impute (median and"
                    + " an indicator column for numbers, a '(missing)' category for text). Default: ${DEFAULT-VALUE}.",
            defaultValue = "error")
    String missing = "error";

    @Option(names = "--batch-norm", description = "Batch normalization after each hidden Dense layer.")
    boolean batchNorm;

    /** Everything a run is asked for, besides the common options. */
    record Settings(
            Path file,
            String target,
            List<Integer> hidden,
            List<String> ignore,
            double testFraction,
            String classWeights,
            int folds,
            String task,
            String loss,
            String missing,
            boolean batchNorm) {
        static Settings of(Path file, String target, List<Integer> hidden, List<String> ignore, double testFraction) {
            return new Settings(file, target, hidden, ignore, testFraction, "none", 0, "auto", "mse", "error", false);
        }

        Settings with(String classWeights, int folds) {
            return new Settings(
                    file, target, hidden, ignore, testFraction, classWeights, folds, task, loss, missing, batchNorm);
        }

        Missing missingPolicy() {
            try {
                return Missing.parse(missing);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--missing must be error, drop or impute, got " + missing, e);
            }
        }

        void check() {
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
            if (!List.of("auto", "classification", "regression").contains(task)) {
                throw new IllegalArgumentException("--task must be auto, classification or regression, got " + task);
            }
            if (!loss.equals("mse") && !loss.equals("huber")) {
                throw new IllegalArgumentException("--loss must be mse or huber, got " + loss);
            }
            missingPolicy();
        }
    }

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        Settings s = new Settings(
                file, target, hidden, ignore, testFraction, classWeights, folds, task, loss, missing, batchNorm);
        Map<String, Object> m = run(options, s);
        if (m.get("task").equals("regression")) {
            System.out.printf(
                    "test RMSE %.4g, MAE %.4g, R² %.4f (train RMSE %.4g)%n-> %s%n",
                    m.get("test_rmse"),
                    m.get("test_mae"),
                    m.get("test_r2"),
                    m.get("train_rmse"),
                    options.out("csv").toAbsolutePath());
            return 0;
        }
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
        return run(options, Settings.of(file, target, hidden, ignore, testFraction));
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
        return run(
                options, Settings.of(file, target, hidden, ignore, testFraction).with(classWeights, folds));
    }

    static Map<String, Object> run(CommonOptions options, Settings s) throws Exception {
        s.check();
        int epochs = options.epochs(EPOCHS);
        long started = System.nanoTime();
        Output out = options.output("csv").input("--file", s.file()).open();
        Prepared data = prepare(s);
        ignoredOptionNotes(s, data.task());
        Split.Indices rows = data.split(s.testFraction(), options.seed);
        // the folds are checked before any training (a file too small for them fails now, not after)
        if (s.folds() > data.strata().length) {
            throw new IllegalArgumentException("--folds " + s.folds() + " needs at least as many rows, but " + s.file()
                    + " has " + data.strata().length + " usable rows");
        }
        List<Split.Indices> folds =
                s.folds() > 0 ? Split.stratifiedFolds(data.strata(), s.folds(), options.seed) : List.of();
        Fitted fit = fit(data, rows, s, epochs, options.seed, true);
        Network net = fit.net();

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", s.file().toString());
        config.put("target", s.target());
        config.put("task", data.task().name().toLowerCase(Locale.ROOT));
        config.put("features", fit.schema().featureNames());
        config.put("ignored", s.ignore());
        config.put("missing", s.missing() + (data.dropped() > 0 ? " (" + data.dropped() + " rows dropped)" : ""));
        config.put("hidden", s.hidden());
        config.put("batch_norm", s.batchNorm());
        config.put("test_fraction", s.testFraction());
        config.put(
                "split",
                (data.task() == Task.CLASSIFICATION ? "stratified, " : "random, ") + rows.train().length + " train / "
                        + rows.test().length + " test");
        config.put(
                "optimizer",
                "Adam 0.003, batch 32, at most " + epochs + " epochs"
                        + (fit.early() == null
                                ? " (too few rows for a validation split: all of them)"
                                : ", early stopping on validation loss (10% of the training rows, patience " + PATIENCE
                                        + "), best epoch's weights kept"));
        config.put("loss", net.lossFunction().name());
        config.put("seed", options.seed);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("task", data.task().name().toLowerCase(Locale.ROOT));
        if (data.task() == Task.CLASSIFICATION) {
            classificationReport(out, s, fit, metrics, config);
        } else {
            regressionReport(out, s, fit, metrics);
        }
        metrics.put("epochs", fit.history().loss().size());
        metrics.put(
                "best_epoch",
                fit.early() == null ? fit.history().loss().size() : fit.early().bestEpoch());
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        metrics.put("config", config);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("training loss", fit.history().loss());
        if (fit.history().names().contains("val_loss")) {
            curves.put("validation loss", fit.history().get("val_loss"));
        }
        Plots.lines(out.file("training.png"), "Loss per epoch", "epoch", "loss", curves);
        ModelFile.save(out.file("model.nnj"), net, fit.standardizer(), fit.schema());
        CommonOptions.exportOnnx(out, net, fit.standardizer(), fit.schema());
        metrics.put("model", out.finalFile("model.nnj").toString());
        if (s.folds() > 0) {
            metrics.putAll(crossValidate(data, folds, s, epochs, options.seed));
        }
        out.metrics(metrics);
        return metrics;
    }

    private static void classificationReport(
            Output out, Settings s, Fitted fit, Map<String, Object> metrics, Map<String, Object> config)
            throws IOException {
        Evaluation eval = Evaluation.evaluate(fit.net(), fit.test());
        Evaluation train = Evaluation.evaluate(fit.net(), fit.train());
        List<String> classes = fit.schema().classes();
        metrics.put("test_accuracy", eval.accuracy());
        metrics.put("train_accuracy", train.accuracy());
        metrics.put("classes", classes);
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("test_log_loss", eval.logLoss());
        if (classes.size() == 2) { // the probability of the second class as the score
            double[] scores =
                    fit.net().predict(fit.test().features()).getColumn(1).toDoubleVector();
            int[] labels = fit.test().classIndices();
            if (Arrays.stream(labels).distinct().count() == 2) {
                metrics.put("test_roc_auc", BinaryMetrics.rocAuc(scores, labels));
                metrics.put("test_average_precision", BinaryMetrics.averagePrecision(scores, labels));
                rocCurve(out.file("roc.png"), scores, labels, classes.get(1));
            }
        }
        metrics.put("confusion_matrix", eval.confusion().toString());
        SoftmaxCrossEntropy loss = (SoftmaxCrossEntropy) fit.net().lossFunction();
        config.put("class_weights", loss.classWeights() == null ? "none" : Arrays.toString(loss.classWeights()));
        Plots.confusion(
                out.file("confusion.png"),
                s.file().getFileName() + ": test accuracy " + String.format("%.3f", eval.accuracy()),
                eval.confusion());
    }

    private static void regressionReport(Output out, Settings s, Fitted fit, Map<String, Object> metrics)
            throws IOException {
        Schema schema = fit.schema();
        double[] predicted = schema.unscale(fit.net().predict(fit.test().features()));
        double[] actual = schema.unscale(fit.test().labels());
        RegressionMetrics test = RegressionMetrics.of(column(predicted), column(actual));
        RegressionMetrics train = RegressionMetrics.of(
                column(schema.unscale(fit.net().predict(fit.train().features()))),
                column(schema.unscale(fit.train().labels())));
        metrics.put("test_rmse", test.rmse());
        metrics.put("test_mae", test.mae());
        metrics.put("test_r2", test.r2());
        metrics.put("train_rmse", train.rmse());
        metrics.put("train_r2", train.r2());
        List<Double> p = Arrays.stream(predicted).boxed().toList();
        List<Double> a = Arrays.stream(actual).boxed().toList();
        List<Double> residuals = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            residuals.add(actual[i] - predicted[i]);
        }
        String name = s.target();
        XYChart pva = Plots.scatter(
                s.file().getFileName() + ": test R² " + String.format("%.3f", test.r2()),
                "actual " + name,
                "predicted " + name);
        double lo = Math.min(
                Arrays.stream(actual).min().orElse(0),
                Arrays.stream(predicted).min().orElse(0));
        double hi = Math.max(
                Arrays.stream(actual).max().orElse(1),
                Arrays.stream(predicted).max().orElse(1));
        Plots.polyline(pva, "y = x", List.of(lo, hi), List.of(lo, hi));
        Plots.points(pva, "test rows", a, p, new Color(31, 119, 180), 5);
        Plots.save(pva, out.file("predicted_vs_actual.png"));
        XYChart res = Plots.scatter("Residuals on the test rows", "predicted " + name, "actual - predicted");
        Plots.points(res, "test rows", p, residuals, new Color(214, 39, 40), 5);
        Plots.save(res, out.file("residuals.png"));
    }

    static INDArray column(double[] v) {
        double[][] m = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            m[i][0] = v[i];
        }
        return Nd4j.createFromArray(m);
    }

    /** The ROC curve of a binary classifier's test scores (the positive class's probability). */
    static void rocCurve(Path png, double[] scores, int[] labels, String positive) throws IOException {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (i, j) -> Double.compare(scores[j], scores[i]));
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        List<Double> fpr = new ArrayList<>(List.of(0.0));
        List<Double> tpr = new ArrayList<>(List.of(0.0));
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k + 1 == order.length || scores[order[k + 1]] != scores[order[k]]) {
                fpr.add((double) fp / negatives);
                tpr.add((double) tp / positives);
            }
        }
        XYChart chart = Plots.scatter(
                "ROC curve (positive class '" + positive + "'), AUC "
                        + String.format("%.3f", BinaryMetrics.rocAuc(scores, labels)),
                "false positive rate",
                "true positive rate");
        Plots.polyline(chart, "ROC", fpr, tpr);
        Plots.polyline(chart, "chance", List.of(0.0, 1.0), List.of(0.0, 1.0));
        Plots.save(chart, png);
    }

    /**
     * The file, checked and ready to split: rows with a missing target (and, with {@code --missing
     * drop}, a missing feature) left out, the task decided, and the strata of the split (the classes,
     * or one stratum for regression).
     */
    public record Prepared(CsvTable table, Task task, Missing missing, int[] strata, int dropped) {
        /** The stratified (classification) or random (regression) split, refused if it cannot hold out the fraction. */
        public Split.Indices split(double testFraction, long seed) {
            int n = table.rowCount();
            if (task == Task.REGRESSION) {
                return Split.random(n, testFraction, seed);
            }
            Split.Indices rows = Split.stratified(strata, testFraction, seed);
            double heldOut = (double) rows.test().length / n;
            if (task == Task.CLASSIFICATION && Math.abs(heldOut - testFraction) > 0.05) {
                int k = Arrays.stream(strata).max().orElse(0) + 1;
                throw new IllegalArgumentException("a stratified split of " + n + " rows in " + k
                        + " classes holds out " + Math.round(100 * heldOut) + "% for testing, not the "
                        + Math.round(100 * testFraction)
                        + "% of --test-fraction (every class keeps at least one row on each side): use fewer"
                        + " classes or more rows");
            }
            return rows;
        }
    }

    /**
     * The csv command's preparation of a file, for other commands that train on it (nn-spark's csv):
     * the same option checks, target and column checks, missing-value policy and task detection, with
     * messages naming the options.
     */
    public static Prepared prepare(
            Path file, String target, List<Integer> hidden, List<String> ignore, String missing, String task)
            throws IOException {
        Settings s = new Settings(file, target, hidden, ignore, 0.2, "none", 0, task, "mse", missing, false);
        s.check();
        return prepare(s);
    }

    static Prepared prepare(Settings s) throws IOException {
        try {
            return prepareFile(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withOptionNames(e.getMessage()), e);
        }
    }

    /** The library names the missing-value policies; the command line names its option. */
    static String withOptionNames(String message) {
        return message.replace(Schema.Missing.DROP + " or " + Schema.Missing.IMPUTE, "--missing drop or impute")
                .replace("the policy DROP or IMPUTE", "--missing drop or impute")
                .replace("(" + Schema.Missing.DROP + " leaves", "(--missing drop leaves");
    }

    private static Prepared prepareFile(Settings s) throws IOException {
        CsvTable raw = CsvTable.read(s.file());
        if (!raw.header().contains(s.target())) {
            throw new IllegalArgumentException(
                    "unknown target column '" + s.target() + "'; the columns of " + s.file() + " are " + raw.header());
        }
        for (String col : s.ignore()) {
            if (!raw.header().contains(col)) {
                throw new IllegalArgumentException(
                        "--ignore names unknown column '" + col + "'; the columns are " + raw.header());
            }
            if (col.equals(s.target())) {
                throw new IllegalArgumentException("--ignore names the target column '" + col + "'");
            }
        }
        Missing missing = s.missingPolicy();
        CsvTable table = raw.select(Schema.rowsWithTarget(raw, s.target(), missing));
        if (missing == Missing.DROP) {
            table = table.select(Schema.completeRows(table, s.ignore()));
        }
        int dropped = raw.rowCount() - table.rowCount();
        if (table.rowCount() < 2) {
            throw new IllegalArgumentException(s.file() + ": " + table.rowCount() + " rows are left after dropping "
                    + dropped + " with missing values; at least 2 are needed");
        }
        Task task = task(table, s);
        int[] strata;
        if (task == Task.CLASSIFICATION) {
            CsvTable.Labels labels = table.labels(s.target());
            int k = labels.classes().size();
            if (k < 2) {
                throw new IllegalArgumentException("target column '" + s.target() + "' has a single class "
                        + labels.classes() + "; a classifier needs at least two");
            }
            int n = table.rowCount();
            if (k > 20 && k > n / 2) {
                throw new IllegalArgumentException("target column '" + s.target() + "' has " + k
                        + " distinct values in " + n + " rows: it looks continuous or like an identifier; use --task"
                        + " regression for a number");
            }
            strata = labels.indices();
        } else {
            strata = new int[table.rowCount()];
        }
        // Every cell a feature would use is checked now, before any work (--missing error names the first gap).
        Schema.fit(table, s.target(), table.allRows(), task, missing, s.ignore());
        return new Prepared(table, task, missing, strata, dropped);
    }

    /** A note on stderr for each option the task makes meaningless, as {@code mnist --load} gives. */
    static void ignoredOptionNotes(Settings s, Task task) {
        if (task == Task.REGRESSION && !s.classWeights().equals("none")) {
            System.err.println("note: --class-weights " + s.classWeights()
                    + " ignored: the target is a regression target (class weights weigh classes)");
        }
        if (task == Task.CLASSIFICATION && !s.loss().equals("mse")) {
            System.err.println("note: --loss " + s.loss() + " ignored: a classification target is trained with"
                    + " softmax cross-entropy (--loss chooses a regression loss)");
        }
    }

    /** --task, or detected by {@link Schema#detectTask}. */
    static Task task(CsvTable table, Settings s) {
        return switch (s.task()) {
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> {
                int label = table.column(s.target());
                for (int r = 0; r < table.rowCount(); r++) {
                    if (!table.isNumber(r, label)) {
                        throw new IllegalArgumentException(
                                "--task regression needs a numeric target, but column '" + s.target() + "' holds text");
                    }
                }
                yield Task.REGRESSION;
            }
            default -> Schema.detectTask(table, s.target());
        };
    }

    /** A trained model and what it was trained and tested on (standardized features). */
    record Fitted(
            Network net,
            Schema schema,
            Standardizer standardizer,
            History history,
            EarlyStopping early,
            Dataset train,
            Dataset test) {}

    static Fitted fit(Prepared data, Split.Indices rows, Settings s, int epochs, long seed, boolean progress) {
        CsvTable t = data.table();
        Schema schema = Schema.fit(t, s.target(), rows.train(), data.task(), data.missing(), s.ignore());
        // The test rows may hold categories the training rows lack: they encode as all zeros.
        Dataset train = dataset(schema, t, rows.train());
        Dataset test = dataset(schema, t, rows.test());
        Standardizer standardizer = Standardizer.fit(train.features());
        train = standardizer.transform(train);
        test = standardizer.transform(test);
        Loss loss;
        if (data.task() == Task.CLASSIFICATION) {
            SoftmaxCrossEntropy sce = new SoftmaxCrossEntropy();
            loss = s.classWeights().equals("balanced") ? sce.withClassWeights(ClassWeights.balanced(train)) : sce;
        } else {
            loss = s.loss().equals("huber") ? Loss.huber(1.0) : Loss.mse();
        }
        Network net = mlp(schema.width(), s.hidden(), schema.outputs(), seed, loss, s.batchNorm());
        Trainer.Builder trainer = Trainer.builder()
                .epochs(epochs)
                .batchSize(32)
                .optimizer(new Adam(0.003))
                .accuracy(data.task() == Task.CLASSIFICATION)
                .progressBar(progress)
                .seed(seed);
        EarlyStopping early = null;
        if (train.size() >= MIN_ROWS_FOR_VALIDATION) {
            early = EarlyStopping.on("val_loss", PATIENCE).withRestoreBestWeights(true);
            trainer.validationSplit(0.1).earlyStopping(early);
        }
        History history = trainer.build().fit(net, train);
        return new Fitted(net, schema, standardizer, history, early, train, test);
    }

    /** Rows of the table as a dataset through the schema (unseen categories as zeros). */
    public static Dataset dataset(Schema schema, CsvTable t, int[] rows) {
        return new Dataset(
                schema.features(t, rows, true), schema.targets(t, rows), schema.featureNames(), schema.classes());
    }

    /**
     * K-fold cross-validation with the same recipe (each fold's schema and standardizer fitted on its
     * own training rows; stratified for classification): per-fold test metrics, their means and sample
     * standard deviations.
     */
    static Map<String, Object> crossValidate(
            Prepared data, List<Split.Indices> splits, Settings s, int epochs, long seed) {
        List<Map<String, Double>> folds = new ArrayList<>();
        for (Split.Indices fold : splits) {
            Fitted f = fit(data, fold, s, epochs, seed, false);
            if (data.task() == Task.CLASSIFICATION) {
                Evaluation eval = Evaluation.evaluate(f.net(), f.test());
                folds.add(Map.of("accuracy", eval.accuracy(), "macro_f1", eval.macroF1()));
            } else {
                RegressionMetrics m = RegressionMetrics.of(
                        column(f.schema().unscale(f.net().predict(f.test().features()))),
                        column(f.schema().unscale(f.test().labels())));
                folds.add(Map.of("rmse", m.rmse(), "r2", m.r2()));
            }
        }
        CrossValidation.Result result = CrossValidation.summarize(folds);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cv_folds", s.folds());
        result.mean().forEach((name, mean) -> {
            m.put("cv_" + name, folds.stream().map(f -> f.get(name)).toList());
            m.put("cv_" + name + "_mean", mean);
            m.put("cv_" + name + "_std", result.std().get(name));
        });
        return m;
    }

    /**
     * ReLU hidden layers of the given sizes (He init), each as Dense, then BatchNormalization and ReLU
     * when {@code batchNorm}; a linear output for the loss.
     */
    public static Network mlp(int inputs, List<Integer> hidden, int outputs, long seed, Loss loss, boolean batchNorm) {
        Network.Builder b = Network.builder().seed(seed);
        int in = inputs;
        for (int h : hidden) {
            if (batchNorm) {
                b.add(new Dense(in, h, Activation.identity(), Initializer.he()))
                        .add(new BatchNormalization(h))
                        .add(new ActivationLayer(h, Activation.relu()));
            } else {
                b.add(new Dense(in, h, Activation.relu(), Initializer.he()));
            }
            in = h;
        }
        return b.add(new Dense(in, outputs)).loss(loss).build();
    }
}
