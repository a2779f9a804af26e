package org.nnj.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.data.CsvTable;
import org.nnj.data.Dataset;
import org.nnj.data.Schema;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.examples.CsvRecipe;
import org.nnj.examples.Output;
import org.nnj.examples.Plots;
import org.nnj.io.ModelFile;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.metrics.RegressionMetrics;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.spark.Example;
import org.nnj.spark.SparkTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A classifier or regressor for a CSV file, as the {@code csv} demo builds it (the same
 * {@link Schema}: numeric and one-hot columns, missing values per {@code --missing}, a standardized
 * target for regression), trained with {@link SparkTrainer}. Writes metrics.json (test_accuracy, or
 * test_rmse, test_mae and test_r2), a loss plot and model.nnj with the schema, which
 * {@code nn-examples predict} applies to new files.
 */
@Command(name = "csv", description = "A classifier or regressor for a CSV file, trained on Spark.")
public final class CsvOnSpark implements Callable<Integer> {
    static final int EPOCHS = 60;

    @Mixin
    SparkOptions options = new SparkOptions();

    @Option(names = "--file", required = true, paramLabel = "F", description = "The CSV file (with a header).")
    Path file;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    String target;

    @Option(names = "--hidden", paramLabel = "N,N", split = ",", description = "Hidden layer sizes (default: 32,16).")
    List<Integer> hidden = List.of(32, 16);

    @Option(names = "--ignore", paramLabel = "COL,COL", split = ",", description = "Columns to leave out.")
    List<String> ignore = List.of();

    @Option(
            names = "--missing",
            paramLabel = "error|drop|impute",
            description = "Missing cells (default: ${DEFAULT-VALUE}).",
            defaultValue = "error")
    String missing = "error";

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options, file, target, hidden, ignore, missing);
        System.out.println((m.containsKey("test_accuracy")
                        ? String.format("test accuracy %.4f", (Double) m.get("test_accuracy"))
                        : String.format("test RMSE %.4g, R² %.4f", m.get("test_rmse"), m.get("test_r2")))
                + " -> " + options.out("csv").toAbsolutePath());
        return 0;
    }

    static Map<String, Object> run(
            SparkOptions options, Path file, String target, List<Integer> hidden, List<String> ignore, String missing)
            throws Exception {
        options.check();
        long started = System.nanoTime();
        int epochs = options.epochs(EPOCHS);
        Output out = Output.builder()
                .folder(options.out("csv"))
                .input("--file", file)
                .open();
        // the csv command's own preparation and checks (options, columns, missing values, task, split)
        CsvRecipe.Prepared data = CsvRecipe.prepare(file, target, hidden, ignore, missing, "auto");
        CsvTable table = data.table();
        Schema.Task task = data.task();
        Schema.Missing policy = data.missing();
        Split.Indices rows = data.split(0.2, options.seed);
        int perStep = Math.min(32, rows.train().length);
        if (options.partitions > perStep) {
            System.err.println("note: --partitions " + options.partitions + " is more than the " + perStep
                    + " rows of a global batch: most partitions idle at every step (and each costs a task); use at"
                    + " most " + perStep);
        }
        Schema schema = Schema.fit(table, target, rows.train(), task, policy, ignore);
        Dataset train = CsvRecipe.dataset(schema, table, rows.train());
        Dataset test = CsvRecipe.dataset(schema, table, rows.test());
        Standardizer standardizer = Standardizer.fit(train.features());
        train = standardizer.transform(train);
        test = standardizer.transform(test);
        Network net = CsvRecipe.mlp(
                schema.width(),
                hidden,
                schema.outputs(),
                options.seed,
                task == Schema.Task.CLASSIFICATION ? Loss.softmaxCrossEntropy() : Loss.mse(),
                false);
        JavaSparkContext sc = options.start("nnj-csv");
        History history;
        try {
            history = SparkTrainer.builder()
                    .epochs(epochs)
                    .batchSize(32)
                    .optimizer(new Adam(0.003))
                    .seed(options.seed)
                    .build()
                    .fit(net, Example.parallelize(sc, train, options.partitions));
        } finally {
            sc.stop();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("task", task.name().toLowerCase(java.util.Locale.ROOT));
        if (task == Schema.Task.CLASSIFICATION) {
            Evaluation eval = Evaluation.evaluate(net, test);
            metrics.put("test_accuracy", eval.accuracy());
            metrics.put("test_macro_f1", eval.macroF1());
            metrics.put("classes", schema.classes());
        } else {
            RegressionMetrics r = RegressionMetrics.of(
                    column(schema.unscale(net.predict(test.features()))), column(schema.unscale(test.labels())));
            metrics.put("test_rmse", r.rmse());
            metrics.put("test_mae", r.mae());
            metrics.put("test_r2", r.r2());
        }
        metrics.put("epochs", history.epochs());
        metrics.put("seconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("file", file.toString());
        config.put("target", target);
        config.put("features", schema.featureNames());
        config.put("hidden", hidden);
        config.put("master", options.master);
        config.put("partitions", options.partitions);
        config.put("optimizer", "Adam 0.003, global batch 32, " + epochs + " epochs");
        config.put("seed", options.seed);
        metrics.put("config", config);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("training loss", history.loss());
        Plots.lines(out.file("training.png"), "Loss per epoch (Spark)", "epoch", "loss", curves);
        ModelFile.save(out.file("model.nnj"), net, standardizer, schema);
        metrics.put("model", out.finalFile("model.nnj").toString());
        out.metrics(metrics);
        return metrics;
    }

    static org.nd4j.linalg.api.ndarray.INDArray column(double[] v) {
        List<double[]> rows = new ArrayList<>();
        for (double d : v) {
            rows.add(new double[] {d});
        }
        return Nd4j.createFromArray(rows.toArray(new double[0][]));
    }
}
