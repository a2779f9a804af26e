package org.nnj.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.nnj.data.CsvTable;

/**
 * The rows of a text-classification CSV: each row's text (its text columns joined by a space, a
 * missing cell as empty text) and its class (a missing label is an error naming the line). The file
 * may be gzipped (a name ending in {@code .gz}); without {@code --file} the bundled spam.csv.gz.
 */
final class TextData {
    static final String BUNDLED = "spam.csv.gz";

    final CsvTable table;
    final List<String> texts;
    final List<String> classes;
    final int[] labels;

    private TextData(CsvTable table, List<String> texts, List<String> classes, int[] labels) {
        this.table = table;
        this.texts = texts;
        this.classes = classes;
        this.labels = labels;
    }

    /** Reads {@code file} (null: the bundled spam data). */
    static CsvTable read(Path file) throws IOException {
        if (file == null) {
            try (Reader r =
                    new InputStreamReader(new GZIPInputStream(Resources.open(BUNDLED)), StandardCharsets.UTF_8)) {
                return CsvTable.parse(r, "data/" + BUNDLED);
            }
        }
        if (!file.getFileName().toString().endsWith(".gz")) {
            return CsvTable.read(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                Reader r = new InputStreamReader(in, decoder)) {
            return CsvTable.parse(r, file.toString());
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " ends in .gz but is not gzip data (" + e.getMessage() + ")");
        }
    }

    /** The texts of {@code textColumns} of every row (joined by a space). */
    static List<String> texts(CsvTable table, List<String> textColumns) {
        int[] cols = textColumns.stream().mapToInt(table::column).toArray();
        List<String> texts = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c : cols) {
                sb.append(sb.length() > 0 ? " " : "").append(table.isMissing(r, c) ? "" : table.cell(r, c));
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    /** The texts and the two classes of {@code target}. */
    static TextData of(CsvTable table, List<String> textColumns, String target) {
        table.column(target);
        if (textColumns.contains(target)) {
            throw new IllegalArgumentException("--target " + target + " is also one of --text " + textColumns
                    + ": the label would be part of the input");
        }
        List<String> texts = texts(table, textColumns);
        CsvTable.Labels labels = table.labels(target);
        if (labels.classes().size() != 2) {
            throw new IllegalArgumentException("--target " + target + " of " + table.source() + " has "
                    + labels.classes().size() + " classes " + abbreviate(labels.classes())
                    + ": text classifies into exactly two (the second in sorted order is the positive class)");
        }
        return new TextData(table, texts, labels.classes(), labels.indices());
    }

    private static String abbreviate(List<String> classes) {
        return classes.size() <= 5 ? classes.toString() : classes.subList(0, 5) + "...";
    }
}
