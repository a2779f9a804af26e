package org.nnj.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nnj.data.Schema;
import org.nnj.data.Schema.Task;
import org.nnj.data.Split;
import org.nnj.io.ModelFile;
import org.nnj.models.Network;
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

    @Override
    public Integer call() throws Exception {
        options.exportOnnx = exportOnnx;
        CsvSettings s = new CsvSettings(
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
        return run(options, CsvSettings.of(file, target, hidden, ignore, testFraction));
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
                options,
                CsvSettings.of(file, target, hidden, ignore, testFraction).with(classWeights, folds));
    }

    static Map<String, Object> run(CommonOptions options, CsvSettings s) throws Exception {
        s.check();
        int epochs = options.epochs(EPOCHS);
        long started = System.nanoTime();
        Output out = options.output("csv").input("--file", s.file()).open();
        CsvRecipe.Prepared data = CsvRecipe.prepare(s);
        CsvRecipe.ignoredOptionNotes(s, data.task());
        Split.Indices rows = data.split(s.testFraction(), options.seed);
        // the folds are checked before any training (a file too small for them fails now, not after)
        if (s.folds() > data.strata().length) {
            throw new IllegalArgumentException("--folds " + s.folds() + " needs at least as many rows, but " + s.file()
                    + " has " + data.strata().length + " usable rows");
        }
        List<Split.Indices> folds =
                s.folds() > 0 ? Split.stratifiedFolds(data.strata(), s.folds(), options.seed) : List.of();
        CsvRecipe.Fitted fit = CsvRecipe.fit(data, rows, s, epochs, options.seed, true);
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
            CsvReport.classificationReport(out, s, fit, metrics, config);
        } else {
            CsvReport.regressionReport(out, s, fit, metrics);
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
            metrics.putAll(CsvRecipe.crossValidate(data, folds, s, epochs, options.seed));
        }
        out.metrics(metrics);
        return metrics;
    }
}
