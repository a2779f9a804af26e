package org.nnj.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;

/**
 * A CSV file with a header row, read per RFC 4180: comma-separated, fields optionally in double quotes
 * (which may hold commas, line breaks and doubled quotes {@code ""}), LF or CRLF line ends. Blank lines
 * are skipped. Every row must have as many fields as the header.
 *
 * <p>{@link #classification} and {@link #regression} turn it into a {@link Dataset}: every column but
 * the label (and any ignored ones) must hold a finite decimal number in every row. Problems are
 * reported as {@link IllegalArgumentException}s naming the file line and the column.
 */
public final class CsvTable {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private final List<String> header;
    private final List<String[]> rows;
    private final List<Integer> lines;

    private CsvTable(String source, List<String> header, List<String[]> rows, List<Integer> lines) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads a UTF-8 CSV file. */
    public static CsvTable read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        }
    }

    /** Parses CSV text; {@code source} names it in messages. */
    public static CsvTable parse(Reader reader, String source) throws IOException {
        List<String[]> records = new ArrayList<>();
        List<Integer> startLines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;   // inside "..."
        boolean afterQuote = false; // just past a closing quote: only ',' or a line end may follow
        int line = 1;
        int recordLine = 1;
        int c = reader.read();
        while (c != -1) {
            if (inQuotes) {
                if (c == '"') {
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');   // "" inside quotes is one quote
                        c = reader.read();
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                        c = next;
                    }
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                field.append((char) c);
                c = reader.read();
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == '\r') {
                endRecord(records, startLines, fields, field, recordLine);
                afterQuote = false;
                line++;
                recordLine = line;
                if (c == '\r') {
                    c = reader.read();
                    if (c == '\n') {
                        c = reader.read();
                    }
                    continue;
                }
            } else if (afterQuote) {
                throw new IllegalArgumentException(source + " line " + line + ": unexpected '" + (char) c
                        + "' after a closing quote");
            } else if (c == '"' && field.length() == 0) {
                inQuotes = true;
            } else {
                field.append((char) c);
            }
            c = reader.read();
        }
        if (inQuotes) {
            throw new IllegalArgumentException(source + " line " + recordLine + ": a quoted field is never closed");
        }
        endRecord(records, startLines, fields, field, recordLine);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty: a header row is required");
        }
        String[] head = records.get(0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < head.length; i++) {
            head[i] = head[i].trim();
            if (head[i].isEmpty()) {
                throw new IllegalArgumentException(source + " line 1: column " + (i + 1) + " has no name in the header");
            }
            if (!seen.add(head[i])) {
                throw new IllegalArgumentException(source + " line 1: column name '" + head[i] + "' appears twice");
            }
        }
        List<String[]> body = new ArrayList<>(records.subList(1, records.size()));
        List<Integer> bodyLines = new ArrayList<>(startLines.subList(1, startLines.size()));
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).length != head.length) {
                throw new IllegalArgumentException(source + " line " + bodyLines.get(i) + " has " + body.get(i).length
                        + " fields but the header has " + head.length);
            }
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException(source + " has a header but no data rows");
        }
        return new CsvTable(source, Arrays.asList(head), body, bodyLines);
    }

    private static void endRecord(List<String[]> records, List<Integer> lines, List<String> fields,
                                  StringBuilder field, int line) {
        if (fields.isEmpty() && field.length() == 0) {
            return; // blank line
        }
        fields.add(field.toString());
        records.add(fields.toArray(new String[0]));
        lines.add(line);
        fields.clear();
        field.setLength(0);
    }

    public List<String> header() {
        return header;
    }

    /** Number of data rows (the header excluded). */
    public int rowCount() {
        return rows.size();
    }

    /** The raw text of data row {@code row} (0-based), column {@code column}. */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /** The file line on which data row {@code row} starts (the header is line 1). */
    public int line(int row) {
        return lines.get(row);
    }

    /** Index of a column by name. */
    public int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + source + "; its columns are " + header);
        }
        return i;
    }

    /**
     * Features from every numeric column but the label and {@code ignore}d ones; the label column's
     * distinct values (numbers sorted numerically, otherwise text sorted) become one-hot classes.
     */
    public Dataset classification(String labelColumn, String... ignore) {
        int label = column(labelColumn);
        List<String> classes = classNames(label);
        int[] index = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            index[r] = classes.indexOf(rows.get(r)[label].trim());
        }
        Features f = features(label, ignore);
        return new Dataset(f.matrix.array(), OneHot.encode(index, classes.size(), DataType.FLOAT), f.names, classes);
    }

    /** Features as for {@link #classification}, and the label column's numbers as an n x 1 target. */
    public Dataset regression(String labelColumn, String... ignore) {
        int label = column(labelColumn);
        Matrix y = Matrix.allocate(DataType.FLOAT, rows.size(), 1);
        for (int r = 0; r < rows.size(); r++) {
            y.set(r, 0, number(r, label));
        }
        Features f = features(label, ignore);
        return new Dataset(f.matrix.array(), y.array(), f.names, List.of());
    }

    private record Features(Matrix matrix, List<String> names) {
    }

    private Features features(int label, String... ignore) {
        Set<Integer> skip = new HashSet<>();
        skip.add(label);
        for (String name : ignore) {
            skip.add(column(name));
        }
        List<Integer> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (!skip.contains(c)) {
                cols.add(c);
                names.add(header.get(c));
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalArgumentException(source + " has no feature columns besides the label");
        }
        Matrix x = Matrix.allocate(DataType.FLOAT, rows.size(), cols.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int j = 0; j < cols.size(); j++) {
                x.set(r, j, number(r, cols.get(j)));
            }
        }
        return new Features(x, names);
    }

    private List<String> classNames(int label) {
        Set<String> distinct = new TreeSet<>();
        boolean numeric = true;
        for (int r = 0; r < rows.size(); r++) {
            String v = rows.get(r)[label].trim();
            if (v.isEmpty()) {
                throw new IllegalArgumentException(source + " line " + lines.get(r) + ", column '" + header.get(label)
                        + "': missing label");
            }
            distinct.add(v);
            numeric &= NUMBER.matcher(v).matches();
        }
        List<String> out = new ArrayList<>(distinct);
        if (numeric) {
            out.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        }
        return out;
    }

    private double number(int r, int c) {
        String v = rows.get(r)[c].trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(source + " line " + lines.get(r) + ", column '" + header.get(c)
                    + "': missing value");
        }
        if (!NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(source + " line " + lines.get(r) + ", column '" + header.get(c)
                    + "': '" + v + "' is not a number");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(source + " line " + lines.get(r) + ", column '" + header.get(c)
                    + "': " + v + " is out of float range");
        }
        return d;
    }
}
