package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.nnj.data.CsvTable;

/**
 * A numeric column of a CSV file as a time series, one row per step (missing cells are NaN until
 * {@link #interpolate}d), and, if a {@code date} column holds ISO dates on every row, each step's
 * time as a decimal year (else the step number) for plots.
 */
record Series(double[] values, double[] times, int missing, String source) {
    static final String BUNDLED = "co2.csv";

    /** Column {@code column} of {@code file} (null: the bundled co2.csv); a cell that is not a number is an error. */
    static Series read(Path file, String column) throws IOException {
        CsvTable t = file == null ? Resources.csv(BUNDLED) : CsvTable.read(file);
        int c = t.column(column);
        int n = t.rowCount();
        double[] v = new double[n];
        int missing = 0;
        for (int r = 0; r < n; r++) {
            if (t.isMissing(r, c)) {
                v[r] = Double.NaN;
                missing++;
            } else if (t.isNumber(r, c)) {
                v[r] = Double.parseDouble(t.cell(r, c).trim());
                if (!Double.isFinite(v[r])) {
                    throw new IllegalArgumentException(t.source() + " line " + t.line(r) + ", column '" + column + "': "
                            + t.cell(r, c) + " is not a finite number");
                }
            } else {
                throw new IllegalArgumentException(t.source() + " line " + t.line(r) + ", column '" + column + "': '"
                        + t.cell(r, c) + "' is not a number");
            }
        }
        return new Series(v, times(t), missing, t.source());
    }

    private static double[] times(CsvTable t) {
        double[] x = new double[t.rowCount()];
        int d = t.header().indexOf("date");
        try {
            for (int r = 0; r < x.length; r++) {
                if (d < 0) {
                    x[r] = r;
                    continue;
                }
                LocalDate date = LocalDate.parse(t.cell(r, d).trim());
                x[r] = date.getYear() + (date.getDayOfYear() - 1) / (double) date.lengthOfYear();
            }
        } catch (DateTimeParseException e) {
            for (int r = 0; r < x.length; r++) {
                x[r] = r;
            }
        }
        return x;
    }

    /**
     * {@code v} with every run of NaN between two numbers replaced by the straight line between them,
     * {@code v[i] = v[a] + (v[b] - v[a]) (i - a) / (b - a)}; a run at the start or the end takes the
     * nearest number. All NaN is an error.
     */
    static double[] interpolate(double[] v) {
        double[] out = v.clone();
        int prev = -1;
        for (int i = 0; i <= out.length; i++) {
            if (i < out.length && Double.isNaN(out[i])) {
                continue;
            }
            if (i == out.length && prev < 0) {
                throw new IllegalArgumentException("the series has no number at all");
            }
            for (int j = prev + 1; j < i; j++) {
                if (prev < 0) {
                    out[j] = out[i];
                } else if (i == out.length) {
                    out[j] = out[prev];
                } else {
                    out[j] = out[prev] + (out[i] - out[prev]) * (j - prev) / (double) (i - prev);
                }
            }
            prev = i;
        }
        return out;
    }
}
