package org.nnj.data;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules that decide what kind a CSV column is, in one place, for {@link CsvTable} (which holds the
 * cells) and {@link Schema} (which encodes them): what a number is ({@code -1.5}, {@code 2e-3}; no
 * locale is guessed), what spells a missing value, which texts are numbers in another format (an
 * error, never categories), when a column is numeric, when a text column looks like an identifier,
 * and when a numeric target is a regression target.
 */
final class ColumnKind {
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of(
            "", "na", "n/a", "nan", "null", "none", "?", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    /** A text column with more distinct values than this and than half its rows is an identifier. */
    static final int MAX_CATEGORIES = 20;

    private ColumnKind() {}

    /** True for a plain number. */
    static boolean isNumber(String v) {
        return NUMBER.matcher(v).matches();
    }

    /** True if the cell is empty or spells a missing value (NA, N/A, NaN, null, ?, an infinity). */
    static boolean isMissing(String v) {
        return MISSING.contains(v.toLowerCase(Locale.ROOT));
    }

    private static final Pattern COMMA_NUMBER = Pattern.compile("[+-]?\\d+(,\\d+)+(\\.\\d+)?");
    private static final Pattern SPACED_NUMBER = Pattern.compile("[+-]?\\d{1,3}([ '\u00A0\u202F]\\d{3})+([.,]\\d+)?");
    private static final Pattern PERCENT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)\\s?%");
    private static final Pattern CURRENCY =
            Pattern.compile("[+-]?[$\u20AC\u00A3\u00A5]\\s?[+-]?[\\d,.]+|[+-]?[\\d,.]+\\s?[$\u20AC\u00A3\u00A5]");

    /**
     * What makes a cell a number in a format nnj does not read ("5,1", "12,000", "12 000", "30%", "$5"),
     * with the fix, or null if it is not such a number. Only plain numbers ({@code -1.5}, {@code 2e-3})
     * are numbers: nnj never guesses a locale, so a formatted column is an error, never categories.
     */
    static String formattedNumber(String v) {
        if (COMMA_NUMBER.matcher(v).matches()) {
            return "'" + v + "' has a comma inside a number (a decimal comma or a thousands separator);"
                    + " only '.' is read as the decimal point: write " + v.replace(",", ".")
                    + " or " + v.replace(",", "") + " as the case may be";
        }
        if (SPACED_NUMBER.matcher(v).matches()) {
            return "'" + v + "' has a thousands separator; write the number without it";
        }
        if (PERCENT.matcher(v).matches()) {
            return "'" + v + "' is a percentage; write it without '%' (30% as 30 or 0.3)";
        }
        if (CURRENCY.matcher(v).matches()) {
            return "'" + v + "' has a currency symbol; write the number without it";
        }
        return null;
    }

    /**
     * True if every present cell of column c is a number, false if none is; a mix is an error naming
     * the first odd cell, and so is a column whose text cells are all numbers in another format (see
     * {@link #formattedNumber}). A missing cell is an error ending in {@code missingHint} unless that
     * is null; a column with no present cell is an error.
     */
    static boolean numeric(CsvTable t, int c, String missingHint) {
        int numbers = 0;
        int firstText = -1;
        int firstFormatted = -1;
        boolean allFormatted = true;
        for (int r = 0; r < t.rowCount(); r++) {
            String v = t.cell(r, c);
            if (isMissing(v)) {
                if (missingHint != null) {
                    throw t.error(r, c, "missing value" + (v.isEmpty() ? "" : " '" + v + "'") + missingHint);
                }
            } else if (isNumber(v)) {
                numbers++;
            } else {
                firstText = firstText < 0 ? r : firstText;
                boolean formatted = formattedNumber(v) != null;
                firstFormatted = firstFormatted < 0 && formatted ? r : firstFormatted;
                allFormatted &= formatted;
            }
        }
        if (firstText < 0) {
            if (numbers == 0) {
                throw t.error(0, c, "every cell is missing");
            }
            return true;
        }
        if (allFormatted) {
            throw t.error(
                    firstFormatted,
                    c,
                    formattedNumber(t.cell(firstFormatted, c))
                            + (numbers > 0
                                    ? " (" + numbers + " of " + t.rowCount() + " cells are plain numbers)"
                                    : ""));
        }
        if (numbers > 0) {
            String v = t.cell(firstText, c);
            String h = formattedNumber(v);
            throw t.error(
                    firstText,
                    c,
                    (h != null ? h : "'" + v + "' is not a number") + ", but " + numbers + " of " + t.rowCount()
                            + " cells in this column are numbers");
        }
        return false;
    }

    /** Refuses a text column with about as many distinct values as rows: an identifier, not a category. */
    static void requireCategorical(CsvTable t, int c, int distinct, int rows) {
        if (distinct > MAX_CATEGORIES && distinct > rows / 2) {
            throw new IllegalArgumentException(
                    t.source() + ", column '" + t.header().get(c) + "': " + distinct
                            + " distinct text values in " + rows
                            + " rows; it looks like an identifier, not a category: leave it out (ignore it)");
        }
    }

    /** Regression for a numeric target with more than {@value #MAX_CATEGORIES} distinct values, else classification. */
    static Schema.Task task(CsvTable t, String target) {
        int label = t.column(target);
        java.util.HashSet<Double> distinct = new java.util.HashSet<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (!t.isNumber(r, label)) {
                return Schema.Task.CLASSIFICATION;
            }
            distinct.add(Double.parseDouble(t.cell(r, label)) + 0.0); // -0 is 0
        }
        return distinct.size() > MAX_CATEGORIES ? Schema.Task.REGRESSION : Schema.Task.CLASSIFICATION;
    }
}
