package org.nnj.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * How a {@link Schema} learns the feature columns from a table's fit rows (each column's kind by
 * {@link ColumnKind}, categories in sorted order, training medians for imputation), and which rows a
 * missing-value policy keeps.
 */
final class SchemaFitting {
    private SchemaFitting() {}

    /** The feature columns' kinds, categories and medians, learned from the fit rows. */
    static List<Schema.Column> columns(
            CsvTable table, String target, int[] fitRows, Schema.Missing missing, List<String> ignore) {
        int label = table.column(target);
        List<Integer> skip = new ArrayList<>();
        skip.add(label);
        for (String name : ignore) {
            skip.add(table.column(name));
        }
        List<Schema.Column> columns = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (skip.contains(c)) {
                continue;
            }
            boolean numeric =
                    ColumnKind.numeric(table, c, missing != Schema.Missing.ERROR ? null : Schema.MISSING_HINT);
            boolean anyMissing = false;
            for (int r : fitRows) {
                anyMissing |= table.isMissing(r, c);
            }
            boolean impute = missing == Schema.Missing.IMPUTE && anyMissing;
            if (numeric) {
                double fill = Double.NaN;
                if (missing == Schema.Missing.IMPUTE) {
                    fill = median(table, c, fitRows);
                }
                columns.add(new Schema.Column(table.header().get(c), List.of(), fill, impute));
            } else {
                TreeSet<String> seen = new TreeSet<>();
                for (int r : fitRows) {
                    if (!table.isMissing(r, c)) {
                        seen.add(table.cell(r, c));
                    }
                }
                ColumnKind.requireCategorical(table, c, seen.size(), fitRows.length);
                List<String> cats = new ArrayList<>(seen);
                if (impute) {
                    cats.add(Schema.MISSING_CATEGORY);
                }
                columns.add(new Schema.Column(table.header().get(c), cats, Double.NaN, false));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(table.source() + " has no feature columns besides the target");
        }
        return columns;
    }

    /** The rows whose target cell is not missing (a missing target is an error with {@link Missing#ERROR}). */
    static int[] rowsWithTarget(CsvTable table, String target, Schema.Missing missing) {
        int label = table.column(target);
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            if (!table.isMissing(r, label)) {
                keep.add(r);
            } else if (missing == Schema.Missing.ERROR) {
                throw table.error(
                        r,
                        label,
                        "missing target value '" + table.cell(r, label) + "' (" + Schema.Missing.DROP
                                + " leaves such rows out)");
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The rows with no missing cell in any column but the ignored ones. */
    static int[] completeRows(CsvTable table, List<String> ignore) {
        List<Integer> skip = new ArrayList<>();
        for (String name : ignore) {
            skip.add(table.column(name));
        }
        List<Integer> keep = new ArrayList<>();
        rows:
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < table.header().size(); c++) {
                if (!skip.contains(c) && table.isMissing(r, c)) {
                    continue rows;
                }
            }
            keep.add(r);
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double median(CsvTable table, int c, int[] rows) {
        double[] v = Arrays.stream(rows)
                .filter(r -> !table.isMissing(r, c))
                .mapToDouble(r -> table.number(r, c))
                .sorted()
                .toArray();
        if (v.length == 0) {
            return 0;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
