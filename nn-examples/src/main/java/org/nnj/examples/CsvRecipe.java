package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.metrics.Evaluation;
import org.nnj.metrics.RegressionMetrics;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.CrossValidation;
import org.nnj.train.EarlyStopping;
import org.nnj.train.Trainer;

/**
 * The csv command's recipe, shared with nn-spark's csv command: how a file is prepared (option,
 * column, missing-value and task checks), the network it trains (an MLP, with batch normalization
 * if asked), and how it is fitted and cross-validated.
 */
public final class CsvRecipe {
    private CsvRecipe() {}

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
        CsvSettings s = new CsvSettings(file, target, hidden, ignore, 0.2, "none", 0, task, "mse", missing, false);
        s.check();
        return prepare(s);
    }

    static Prepared prepare(CsvSettings s) throws IOException {
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

    private static Prepared prepareFile(CsvSettings s) throws IOException {
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
    static void ignoredOptionNotes(CsvSettings s, Task task) {
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
    static Task task(CsvTable table, CsvSettings s) {
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

    static Fitted fit(Prepared data, Split.Indices rows, CsvSettings s, int epochs, long seed, boolean progress) {
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
        if (train.size() >= CsvDemo.MIN_ROWS_FOR_VALIDATION) {
            early = EarlyStopping.on("val_loss", CsvDemo.PATIENCE).withRestoreBestWeights(true);
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
            Prepared data, List<Split.Indices> splits, CsvSettings s, int epochs, long seed) {
        List<Map<String, Double>> folds = new ArrayList<>();
        for (Split.Indices fold : splits) {
            Fitted f = fit(data, fold, s, epochs, seed, false);
            if (data.task() == Task.CLASSIFICATION) {
                Evaluation eval = Evaluation.evaluate(f.net(), f.test());
                folds.add(Map.of("accuracy", eval.accuracy(), "macro_f1", eval.macroF1()));
            } else {
                RegressionMetrics m = RegressionMetrics.of(
                        CsvReport.column(
                                f.schema().unscale(f.net().predict(f.test().features()))),
                        CsvReport.column(f.schema().unscale(f.test().labels())));
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
