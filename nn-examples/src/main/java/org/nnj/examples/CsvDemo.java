package org.nnj.examples;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Split;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.History;
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
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Mixin
    CommonOptions options = new CommonOptions();

    @Option(names = "--file", required = true, paramLabel = "F", description = "The CSV file (RFC 4180, with a header row).")
    Path file;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    String target;

    @Option(names = "--hidden", paramLabel = "N,N", split = ",", description = "Hidden layer sizes (default: 32,16).")
    List<Integer> hidden = List.of(32, 16);

    @Option(names = "--ignore", paramLabel = "COL,COL", split = ",", description = "Columns to leave out.")
    List<String> ignore = List.of();

    @Option(names = "--test-fraction", paramLabel = "F", description = "Fraction held out for testing (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.2")
    double testFraction = 0.2;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = run(options, file, target, hidden, ignore, testFraction);
        System.out.printf("test accuracy %.4f (train %.4f) on %s classes%n%s-> %s%n", m.get("test_accuracy"),
                m.get("train_accuracy"), m.get("classes"), m.get("confusion_matrix"), options.out("csv").toAbsolutePath());
        return 0;
    }

    /** The parsed file: header and rows of text, each with its line number. */
    record Table(List<String> header, List<String[]> rows, List<Long> lines) {
    }

    static Table read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = format.parse(r)) {
            for (CSVRecord rec : parser) {
                String[] values = rec.values();
                if (header == null) {
                    header = Arrays.asList(values);
                    checkHeader(header, file);
                    continue;
                }
                if (values.length != header.size()) {
                    throw new IllegalArgumentException(file + " line " + parser.getCurrentLineNumber() + " has " + values.length
                            + " fields but the header has " + header.size());
                }
                rows.add(values);
                lines.add(parser.getCurrentLineNumber());
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file + " is not valid CSV: " + e.getCause().getMessage(), e);
        }
        if (header == null) {
            throw new IllegalArgumentException(file + " is empty: a header row is required");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has a header but no data rows");
        }
        return new Table(header, rows, lines);
    }

    private static void checkHeader(List<String> header, Path file) {
        Set<String> seen = new HashSet<>();
        boolean allNumeric = true;
        for (String h : header) {
            if (h.isBlank()) {
                throw new IllegalArgumentException(file + ": the header has an empty column name");
            }
            if (!seen.add(h)) {
                throw new IllegalArgumentException(file + ": column name '" + h + "' appears twice in the header");
            }
            allNumeric &= NUMBER.matcher(h.trim()).matches();
        }
        if (allNumeric) {
            throw new IllegalArgumentException(file + " has no header: its first row " + header + " holds only numbers");
        }
    }

    static Map<String, Object> run(CommonOptions options, Path file, String target, List<Integer> hidden,
                                   List<String> ignore, double testFraction) throws Exception {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("--hidden sizes must be > 0, got " + hidden);
            }
        }
        long started = System.nanoTime();
        Table table = read(file);
        int targetCol = table.header().indexOf(target);
        if (targetCol < 0) {
            throw new IllegalArgumentException("unknown target column '" + target + "'; the columns of " + file + " are " + table.header());
        }
        for (String col : ignore) {
            if (!table.header().contains(col)) {
                throw new IllegalArgumentException("--ignore names unknown column '" + col + "'; the columns are " + table.header());
            }
        }
        int n = table.rows().size();
        // Classes from the target column.
        TreeSet<String> distinct = new TreeSet<>();
        boolean numericTarget = true;
        for (int r = 0; r < n; r++) {
            String v = table.rows().get(r)[targetCol];
            if (v.isEmpty()) {
                throw new IllegalArgumentException(file + " line " + table.lines().get(r) + ", column '" + target + "': missing target");
            }
            distinct.add(v);
            numericTarget &= NUMBER.matcher(v).matches();
        }
        List<String> classes = new ArrayList<>(distinct);
        if (numericTarget) {
            classes.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("target column '" + target + "' has a single class " + classes
                    + "; a classifier needs at least two");
        }
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = classes.indexOf(table.rows().get(r)[targetCol]);
        }
        // Feature columns and their kinds.
        List<Integer> featureCols = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (c != targetCol && !ignore.contains(table.header().get(c))) {
                featureCols.add(c);
            }
        }
        if (featureCols.isEmpty()) {
            throw new IllegalArgumentException("no feature columns left besides the target");
        }
        boolean[] numeric = new boolean[featureCols.size()];
        for (int j = 0; j < featureCols.size(); j++) {
            int c = featureCols.get(j);
            numeric[j] = true;
            for (int r = 0; r < n; r++) {
                String v = table.rows().get(r)[c];
                if (v.isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + table.lines().get(r) + ", column '"
                            + table.header().get(c) + "': missing value");
                }
                numeric[j] &= NUMBER.matcher(v).matches();
            }
        }
        // Split on row indices first, so that categories are learned from the training rows only.
        Matrix index = Matrix.allocate(DataType.FLOAT, n, 1);
        for (int r = 0; r < n; r++) {
            index.set(r, 0, r);
        }
        Split rowsSplit = Split.stratified(Dataset.classification(index.array(), y, classes), testFraction, options.seed);
        int[] trainRows = rowIndices(rowsSplit.train());
        int[] testRows = rowIndices(rowsSplit.test());

        List<String> featureNames = new ArrayList<>();
        List<List<String>> categories = new ArrayList<>();
        for (int j = 0; j < featureCols.size(); j++) {
            String name = table.header().get(featureCols.get(j));
            if (numeric[j]) {
                featureNames.add(name);
                categories.add(null);
            } else {
                TreeSet<String> seen = new TreeSet<>();
                for (int r : trainRows) {
                    seen.add(table.rows().get(r)[featureCols.get(j)]);
                }
                categories.add(new ArrayList<>(seen));
                for (String cat : seen) {
                    featureNames.add(name + "=" + cat);
                }
            }
        }
        Dataset train = encode(table, trainRows, featureCols, numeric, categories, featureNames, y, classes, file);
        Dataset test = encode(table, testRows, featureCols, numeric, categories, featureNames, y, classes, file);
        Standardizer standardizer = Standardizer.fit(train.features());
        train = standardizer.transform(train);
        test = standardizer.transform(test);

        Network.Builder b = Network.builder().seed(options.seed);
        int in = featureNames.size();
        for (int h : hidden) {
            b.add(new Dense(in, h, Activation.relu(), Initializer.he()));
            in = h;
        }
        Network net = b.add(new Dense(in, classes.size())).loss(Loss.softmaxCrossEntropy()).build();
        int epochs = options.epochs(EPOCHS);
        History history = Trainer.builder().epochs(epochs).batchSize(32).optimizer(new Adam(0.003)).accuracy(true)
                .seed(options.seed).build().fit(net, train);
        Evaluation eval = Evaluation.evaluate(net, test);

        Output out = new Output(options.out("csv"));
        Plots.confusion(out.file("confusion.png"), file.getFileName() + ": test accuracy "
                + String.format("%.3f", eval.accuracy()), eval.confusion());
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
        config.put("seed", options.seed);
        Map<String, Object> metrics = Demos.metrics(eval.accuracy(), history.last("accuracy"), epochs, started, config);
        metrics.put("classes", classes);
        metrics.put("test_macro_f1", eval.macroF1());
        metrics.put("confusion_matrix", eval.confusion().toString());
        out.metrics(metrics);
        return metrics;
    }

    private static int[] rowIndices(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) d.features().getDouble(i, 0);
        }
        return out;
    }

    private static Dataset encode(Table t, int[] rows, List<Integer> cols, boolean[] numeric, List<List<String>> categories,
                                  List<String> names, int[] y, List<String> classes, Path file) {
        Matrix x = Matrix.allocate(DataType.FLOAT, rows.length, names.size());
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            String[] row = t.rows().get(rows[i]);
            int out = 0;
            for (int j = 0; j < cols.size(); j++) {
                String v = row[cols.get(j)];
                if (numeric[j]) {
                    double d = Double.parseDouble(v);
                    if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
                        throw new IllegalArgumentException(file + " line " + t.lines().get(rows[i]) + ", column '"
                                + t.header().get(cols.get(j)) + "': " + v + " is out of float range");
                    }
                    x.set(i, out++, d);
                } else {
                    List<String> cats = categories.get(j);
                    int k = cats.indexOf(v);
                    if (k >= 0) {
                        x.set(i, out + k, 1);
                    }
                    out += cats.size();
                }
            }
            labels[i] = y[rows[i]];
        }
        return new Dataset(x.array(), org.nnj.data.OneHot.encode(labels, classes.size(), DataType.FLOAT), names, classes);
    }
}
