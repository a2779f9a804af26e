package org.nnj.data;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Require;

/**
 * A CSV file with a header row, read per RFC 4180 by Apache Commons CSV: comma-separated, fields
 * optionally in double quotes (which may hold commas, line breaks and doubled quotes {@code ""}), LF
 * or CRLF line ends, spaces around fields ignored. Blank lines are skipped, a UTF-8 byte order mark is
 * dropped, and every row must have as many fields as the header.
 *
 * <p>{@link #classification} and {@link #regression} turn it into a {@link Dataset}. A feature column
 * whose every cell is a number is numeric; one with no numbers at all is categorical, one-hot encoded
 * over the categories seen in the rows it is fitted on (a category never seen there encodes as all
 * zeros); a column that mixes numbers and text is an error naming the first odd cell. Empty cells and
 * the usual spellings of a missing value ({@code NA}, {@code N/A}, {@code NaN}, {@code null},
 * {@code ?}, infinities) are missing values, which are errors. Every problem is an
 * {@link IllegalArgumentException} naming the file, line and column.
 */
public final class CsvTable {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .build();

    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final List<Long> lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, List<Long> lines) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads a UTF-8 CSV file; a file that is not UTF-8 text is an error naming it. */
    public static CsvTable read(Path file) throws IOException {
        Require.notNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, not a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new java.io.InputStreamReader(Files.newInputStream(file), decoder)) {
            return parse(r, file.toString());
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof CharacterCodingException c) {
                throw CsvText.notText(file + " line " + CsvText.firstUndecodableLine(file), c);
            }
            throw e;
        }
    }

    /** Parses CSV text; {@code source} names it in messages. */
    public static CsvTable parse(Reader reader, String source) throws IOException {
        Require.notNull(reader, "reader");
        try {
            return parseText(new PushbackReader(reader), source);
        } catch (CharacterCodingException e) {
            throw CsvText.notText(source, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException c) {
                throw CsvText.notText(source, c);
            }
            throw new IllegalArgumentException(
                    source + " is not valid CSV: " + e.getCause().getMessage(), e);
        }
    }

    private static CsvTable parseText(PushbackReader in, String source) throws IOException {
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(in)) {
            try {
                for (CSVRecord rec : parser) {
                    String[] values = CsvText.trimSpaces(rec.values());
                    if (header == null) {
                        header = CsvText.checkHeader(values, source);
                    } else if (values.length != header.size()) {
                        String other = CsvText.otherDelimiter(header);
                        throw new IllegalArgumentException(source + " line " + parser.getCurrentLineNumber() + " has "
                                + values.length + " fields but the header has " + header.size()
                                + (other == null
                                        ? ""
                                        : "; only commas separate fields, and the header looks " + other
                                                + "-separated: convert the file to commas"));
                    } else {
                        rows.add(values);
                        lines.add(parser.getCurrentLineNumber());
                    }
                }
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException c) {
                    throw CsvText.notText(source, c);
                }
                throw e;
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(source + " is empty: a header row is required");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + " has a header but no data rows");
        }
        return new CsvTable(source, header, rows, lines);
    }

    public List<String> header() {
        return header;
    }

    /** Number of data rows (the header excluded). */
    public int rowCount() {
        return rows.size();
    }

    /** The text of data row {@code row} (0-based), column {@code column}. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /** The file line on which data row {@code row} ends (the header is line 1). */
    public long line(int row) {
        return lines.get(row);
    }

    /** Index of a column by name. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            String other = CsvText.otherDelimiter(header);
            throw new IllegalArgumentException("unknown column '" + name + "'; the columns of " + source + " are "
                    + header
                    + (other == null
                            ? ""
                            : " (one column: only commas separate fields, and the header looks " + other
                                    + "-separated; convert the file to commas)"));
        }
        return i;
    }

    /** The same table with only the data rows {@code keep}, in that order (each keeps its file line). */
    public CsvTable select(int[] keep) {
        List<String[]> r = new ArrayList<>(keep.length);
        List<Long> l = new ArrayList<>(keep.length);
        for (int i : keep) {
            r.add(rows.get(i));
            l.add(lines.get(i));
        }
        return new CsvTable(source, header, r, l);
    }

    /** True if the cell is empty or spells a missing value (NA, N/A, NaN, null, ?, an infinity). */
    public boolean isMissing(int row, int column) {
        return isMissing(rows.get(row)[column]);
    }

    /** True if the cell is a number (missing values are not). */
    public boolean isNumber(int row, int column) {
        return ColumnKind.isNumber(rows.get(row)[column]);
    }

    /** The file this table was read from, for messages. */
    public String source() {
        return source;
    }

    /** All data rows, 0 to rowCount - 1. */
    public int[] allRows() {
        int[] all = new int[rows.size()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /**
     * The distinct values of a label column as class names, and each row's class index. Numeric labels
     * compare as numbers ("1" and "1.0" are one class, named as first written) and sort numerically;
     * text labels sort as text. A missing label is an error naming its line.
     */
    public Labels labels(String column) {
        int label = column(column);
        boolean numeric = true;
        for (int r = 0; r < rows.size(); r++) {
            String v = rows.get(r)[label];
            if (isMissing(v)) {
                throw error(r, label, "missing label '" + v + "'");
            }
            numeric &= ColumnKind.isNumber(v);
        }
        if (!numeric) {
            int first = -1;
            boolean allFormatted = true;
            for (int r = 0; r < rows.size() && allFormatted; r++) {
                String v = rows.get(r)[label];
                if (!ColumnKind.isNumber(v)) {
                    allFormatted = ColumnKind.formattedNumber(v) != null;
                    first = first < 0 ? r : first;
                }
            }
            if (allFormatted) {
                throw error(first, label, ColumnKind.formattedNumber(rows.get(first)[label]));
            }
        }
        // Keyed by value: numbers compare as numbers (0 and -0 are one class), text as text.
        Map<Comparable<?>, String> names = new TreeMap<>();
        Comparable<?>[] key = new Comparable<?>[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String v = rows.get(r)[label];
            key[r] = numeric ? labelValue(r, label) : v;
            names.putIfAbsent(key[r], v);
        }
        Map<Comparable<?>, Integer> order = new java.util.HashMap<>();
        for (Comparable<?> k : names.keySet()) {
            order.put(k, order.size());
        }
        int[] index = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            index[r] = order.get(key[r]);
        }
        return new Labels(List.copyOf(names.values()), index);
    }

    /**
     * A numeric label as a number: -0 is 0; a label beyond double range, or one that rounds to 0 but
     * is not 0 (1e-400), is an error, so that two different labels never merge into one class.
     */
    private Double labelValue(int r, int c) {
        String v = rows.get(r)[c];
        double d = Double.parseDouble(v);
        if (Double.isInfinite(d)) {
            throw error(r, c, "label " + v + " is beyond the range of a double");
        }
        String digits = v.replaceFirst("[eE].*", "");
        if (d == 0 && digits.matches(".*[1-9].*")) {
            throw error(r, c, "label " + v + " is too small to tell apart from 0 (it rounds to 0 as a double)");
        }
        return d + 0.0;
    }

    /**
     * A label column's classes and each row's class index.
     *
     * @param classes the class names, in class-index order
     * @param indices the class index of every data row
     */
    public record Labels(List<String> classes, int[] indices) {}

    /** {@link #classification(String, int[], int[], String...)} over every row. */
    public Dataset classification(String labelColumn, String... ignore) {
        return classification(labelColumn, allRows(), allRows(), ignore);
    }

    /**
     * The rows {@code rows} as a float32 classification dataset, encoded by a {@link Schema} fitted on
     * {@code fitRows} (every column but the label and the {@code ignore}d ones; categorical columns
     * one-hot over the categories of the fit rows, a category they lack all zeros, so that a test
     * split learns nothing from its own rows), one-hot labels. A missing cell is an error.
     */
    public Dataset classification(String labelColumn, int[] rows, int[] fitRows, String... ignore) {
        Schema s = Schema.fit(
                this, labelColumn, fitRows, Schema.Task.CLASSIFICATION, Schema.Missing.ERROR, List.of(ignore));
        return new Dataset(s.features(this, rows, true), s.targets(this, rows), s.featureNames(), s.classes());
    }

    /** Features as for {@link #classification}, and the label column's numbers (as written) as an n x 1 target. */
    public Dataset regression(String labelColumn, String... ignore) {
        int label = column(labelColumn);
        double[][] y = new double[rows.size()][1];
        for (int r = 0; r < rows.size(); r++) {
            y[r][0] = number(r, label);
        }
        Schema s = Schema.ofFeatures(this, labelColumn, allRows(), List.of(ignore));
        return new Dataset(
                s.features(this, allRows(), true),
                Dataset.matrix(y, "labels", DataType.FLOAT),
                s.featureNames(),
                List.of());
    }

    static boolean isMissing(String v) {
        return ColumnKind.isMissing(v);
    }

    /** The number in a cell; a missing value or text is an error naming the line and column. */
    double number(int r, int c) {
        String v = rows.get(r)[c];
        if (isMissing(v)) {
            throw error(r, c, "missing value" + (v.isEmpty() ? "" : " '" + v + "'"));
        }
        if (!ColumnKind.isNumber(v)) {
            throw error(r, c, "'" + v + "' is not a number");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
            throw error(r, c, v + " is out of float range");
        }
        return d;
    }

    IllegalArgumentException error(int r, int c, String what) {
        return new IllegalArgumentException(
                source + " line " + lines.get(r) + ", column '" + header.get(c) + "': " + what);
    }
}
