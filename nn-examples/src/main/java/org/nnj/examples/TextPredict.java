package org.nnj.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nnj.data.CsvTable;

/**
 * {@code predict} for a model the {@code text} command saved (a model.nnj with tokenizer.txt beside
 * it): the file's rows, cell for cell, plus {@code prediction} (the class name) and one {@code p_<class>}
 * column per class. The text columns are the ones the model was trained on; the label column need not
 * be there.
 */
final class TextPredict {
    private TextPredict() {}

    /** True if {@code model} is a text model: it has a tokenizer.txt beside it. */
    static boolean isTextModel(Path model) {
        return Files.isRegularFile(TextModelFile.tokenizerOf(model));
    }

    static int write(Output output, Path model, Path file) throws IOException {
        TextModelFile.Loaded m = TextModelFile.load(model);
        CsvTable table = TextData.read(file);
        List<String> header = new ArrayList<>(table.header());
        header.add("prediction");
        m.classes().forEach(c -> header.add("p_" + c));
        for (int c = table.header().size(); c < header.size(); c++) {
            if (table.header().contains(header.get(c))) {
                throw new IllegalArgumentException("--file " + file + " already has a column '" + header.get(c)
                        + "', which predict writes (is it a predictions file?): rename or remove that column");
            }
        }
        for (String c : m.columns()) {
            if (!table.header().contains(c)) {
                throw new IllegalArgumentException("--file " + file + " has no column '" + c + "', one of the text"
                        + " columns " + m.columns() + " the model was trained on; its columns are " + table.header());
            }
        }
        List<String> texts = TextData.texts(table, m.columns());
        double[] p = m.probabilities(texts, TextDemo.range(0, texts.size()));
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
                row.add(m.classes().get(p[r] > 0.5 ? 1 : 0));
                row.add(Float.toString((float) (1 - p[r])));
                row.add(Float.toString((float) p[r]));
                printer.printRecord(row);
            }
        }
        output.commit();
        return table.rowCount();
    }
}
