package org.nnj.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.data.CsvTable;
import org.nnj.data.Schema;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores a new CSV file with a model the {@code csv} command saved: the schema saved in the model
 * turns the file's columns into inputs (by name; extra columns, the target among them, are kept but
 * not used), the saved standardizer and the network give the predictions. The output is the input's
 * rows, cell for cell, plus a {@code prediction} column (the class name as written in the training
 * file, or the number in the target's units) and, for classification, one {@code p_<class>} column
 * per class. Every cell is checked before anything is written; on an error no output file is left.
 * A model the {@code text} command saved (tokenizer.txt beside it) is applied by {@link TextPredict}.
 */
@Command(
        name = "predict",
        description = "Apply a model saved by csv or text to a new file: --model M --file F --out predictions.csv.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M", description = "A model.nnj saved by csv.")
    Path model;

    @Option(names = "--file", required = true, paramLabel = "F", description = "The CSV file to score.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the predictions.")
    Path out;

    @Option(
            names = "--unseen",
            paramLabel = "error|zeros",
            description = "A category the model never saw: an error naming line and column, or all its one-hot"
                    + " inputs 0 (default: ${DEFAULT-VALUE}).",
            defaultValue = "error")
    String unseen = "error";

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        int n = predict(model, file, out, unseen);
        System.out.printf("%d predictions -> %s%n", n, out.toAbsolutePath());
        return 0;
    }

    /** Writes the predictions for every row of {@code file} to {@code out}; returns the number of rows. */
    static int predict(Path model, Path file, Path out, String unseen) throws IOException {
        if (!unseen.equals("error") && !unseen.equals("zeros")) {
            throw new IllegalArgumentException("--unseen must be error or zeros, got " + unseen);
        }
        if (!Files.exists(model)) {
            throw new IllegalArgumentException("--model " + model + " does not exist");
        }
        boolean text = TextPredict.isTextModel(model);
        Output output = Output.builder()
                .file("--out", out)
                .input("--model", model)
                .input("--model", text ? TextModelFile.tokenizerOf(model) : null)
                .input("--file", file)
                .open();
        try {
            if (text) {
                return TextPredict.write(output, model, file);
            }
            return write(output, ModelFile.load(model), model, file, unseen);
        } finally {
            Output.discardUnfinished(); // a no-op after the commit
        }
    }

    private static int write(Output output, SavedModel saved, Path model, Path file, String unseen) throws IOException {
        Schema schema = saved.schemaIfAny()
                .orElseThrow(() -> new IllegalArgumentException(model + " has no column schema: predict applies"
                        + " models saved by the csv command (format version 2)"));
        CsvTable table = CsvTable.read(file);
        List<String> header = new ArrayList<>(table.header());
        header.add("prediction");
        if (schema.task() == Schema.Task.CLASSIFICATION) {
            schema.classes().forEach(c -> header.add("p_" + c));
        }
        for (int c = table.header().size(); c < header.size(); c++) {
            if (table.header().contains(header.get(c))) {
                throw new IllegalArgumentException("--file " + file + " already has a column '" + header.get(c)
                        + "', which predict writes (is it a predictions file?): rename or remove that column");
            }
        }
        INDArray x = schema.features(table, table.allRows(), unseen.equals("zeros"));
        INDArray z = saved.normalizerIfAny().map(n -> n.transform(x)).orElse(x);
        requireFinite(z, table, schema, "is so far from the training data that the standardized input overflows");
        INDArray p = saved.network().predict(z);
        double[] values = schema.task() == Schema.Task.REGRESSION ? schema.unscale(p) : null;
        if (values == null) {
            requireFinite(p, table, null, "gives a prediction that is not a finite number");
        }
        for (int r = 0; values != null && r < values.length; r++) {
            if (!Double.isFinite(values[r])) {
                throw new IllegalArgumentException(table.source() + " line " + table.line(r)
                        + " gives a prediction beyond the range of a double (" + values[r] + ")");
            }
        }
        Path staged = output.staged("--out");
        try (Writer w = Files.newBufferedWriter(staged, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(
                        w,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header.toArray(new String[0]))
                                .setRecordSeparator("\n")
                                .build())) {
            for (int r = 0; r < table.rowCount(); r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < table.header().size(); c++) {
                    row.add(table.cell(r, c));
                }
                if (values != null) {
                    row.add(Double.toString(values[r]));
                } else {
                    int best = 0;
                    for (int k = 1; k < schema.classes().size(); k++) {
                        if (p.getDouble(r, k) > p.getDouble(r, best)) {
                            best = k;
                        }
                    }
                    row.add(schema.classes().get(best));
                    for (int k = 0; k < schema.classes().size(); k++) {
                        row.add(Float.toString(p.getFloat(r, k)));
                    }
                }
                printer.printRecord(row);
            }
        }
        output.commit();
        return table.rowCount();
    }

    /**
     * Refuses a matrix with a non-finite entry, naming the file's line and, given the schema, the CSV
     * column the input came from: nothing non-finite is ever written as a prediction.
     */
    private static void requireFinite(INDArray m, CsvTable table, Schema schema, String what) {
        for (int r = 0; r < m.rows(); r++) {
            for (int j = 0; j < m.columns(); j++) {
                if (!Double.isFinite(m.getDouble(r, j))) {
                    String where = table.source() + " line " + table.line(r);
                    if (schema != null) {
                        String column = columnOf(schema, j);
                        int c = table.header().indexOf(column);
                        where += ", column '" + column + "'" + (c >= 0 ? " (" + table.cell(r, c) + ")" : "");
                    }
                    throw new IllegalArgumentException(where + " " + what);
                }
            }
        }
    }

    /** The CSV column that network input {@code j} encodes. */
    private static String columnOf(Schema schema, int j) {
        int at = 0;
        for (Schema.Column c : schema.columns()) {
            at += c.width();
            if (j < at) {
                return c.name();
            }
        }
        throw new IllegalStateException("input " + j + " beyond the schema's width " + schema.width());
    }
}
