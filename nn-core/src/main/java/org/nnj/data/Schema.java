package org.nnj.data;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Matrix;

/**
 * How the columns of a CSV file become a network's inputs and targets, learned from the training rows
 * and saved with the model, so that predicting on a new file needs nothing but the model file (like a
 * fitted scikit-learn {@code ColumnTransformer} in a pipeline).
 *
 * <ul>
 *   <li><b>Features</b>, in file order: a numeric column is one input; a categorical (text) column is
 *       one-hot over the categories seen in the training rows, in sorted order.</li>
 *   <li><b>Missing values</b> ({@link Missing}): {@code ERROR} refuses them (naming line and column);
 *       {@code DROP} leaves out the rows that have them; {@code IMPUTE} fills a numeric cell with the
 *       training rows' median and adds a 0/1 indicator input "column is missing" (for columns that had
 *       missing values in the training rows), and gives a categorical column a category of its own,
 *       {@value #MISSING_CATEGORY}.</li>
 *   <li><b>Target</b>: for classification the class names as written in the training file (the
 *       network's outputs are their probabilities, in {@link #classes()} order); for regression the
 *       target is standardized, {@code t = (y - mean) / std} with the training rows' mean and standard
 *       deviation, and a prediction is {@code y = t · std + mean} ({@link #unscale}).</li>
 * </ul>
 *
 * <p>The network's own input normalizer (a {@link Standardizer} over these features) is saved beside
 * it in the model file.
 */
public final class Schema {
    /** What the target is. */
    public enum Task {
        CLASSIFICATION,
        REGRESSION
    }

    /** What to do with a missing cell (see the class Javadoc). */
    public enum Missing {
        ERROR,
        DROP,
        IMPUTE;

        /** The policy named {@code error}, {@code drop} or {@code impute} (any case). */
        public static Missing parse(String name) {
            for (Missing m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("the missing-value policy must be error, drop or impute, got " + name);
        }
    }

    /** What a missing-value error adds when the policy is {@link Missing#ERROR}. */
    static final String MISSING_HINT = " (the policy DROP or IMPUTE handles them)";

    /** The category a missing cell of a categorical column gets when missing values are imputed. */
    public static final String MISSING_CATEGORY = "(missing)";

    /**
     * One input column.
     *
     * @param name       its header
     * @param categories for a categorical column its categories in one-hot order, else empty
     * @param fill       for a numeric column the value a missing cell gets (the training median), or NaN
     *                   if missing values are not imputed
     * @param indicator  whether a 0/1 "missing" input follows the column's own inputs
     */
    public record Column(String name, List<String> categories, double fill, boolean indicator) {
        public Column {
            Require.notNull(name, "name");
            categories = List.copyOf(categories);
        }

        public boolean categorical() {
            return !categories.isEmpty();
        }

        /** How many inputs this column becomes. */
        public int width() {
            return (categorical() ? categories.size() : 1) + (indicator ? 1 : 0);
        }
    }

    private final List<Column> columns;
    private final String target;
    private final Task task;
    private final List<String> classes;
    private final double targetMean;
    private final double targetStd;
    private final Missing missing;

    /**
     * A schema from its parts (as read from a model file); {@link #fit} learns one from data.
     *
     * @param classes    class names (classification; empty for regression)
     * @param targetMean the target's mean (regression; 0 for classification)
     * @param targetStd  the target's standard deviation, > 0 (regression; 1 for classification)
     */
    public Schema(
            List<Column> columns,
            String target,
            Task task,
            List<String> classes,
            double targetMean,
            double targetStd,
            Missing missing) {
        this.columns = List.copyOf(Require.notNull(columns, "columns"));
        this.target = Require.notNull(target, "target");
        this.task = Require.notNull(task, "task");
        this.classes = List.copyOf(Require.notNull(classes, "classes"));
        this.missing = Require.notNull(missing, "missing");
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature column");
        }
        if (task == Task.CLASSIFICATION && this.classes.size() < 2) {
            throw new IllegalArgumentException("a classification schema needs two classes or more, got " + classes);
        }
        if (!Double.isFinite(targetMean) || !(targetStd > 0 && Double.isFinite(targetStd))) {
            throw new IllegalArgumentException("the target's mean must be finite and its std finite and > 0, got "
                    + targetMean + ", " + targetStd);
        }
        this.targetMean = targetMean;
        this.targetStd = targetStd;
    }

    /**
     * Learns a schema from the rows {@code fitRows} of {@code table} (column kinds from every row, so
     * that a column is numeric or categorical whatever the split): categories, medians and, for
     * regression, the target's mean and standard deviation from the fit rows only. The table must hold
     * no missing target (see {@link #rowsWithTarget}); with {@link Missing#DROP} it must hold no missing
     * feature either (see {@link #completeRows}).
     */
    public static Schema fit(
            CsvTable table, String target, int[] fitRows, Task task, Missing missing, List<String> ignore) {
        List<Column> columns = SchemaFitting.columns(table, target, fitRows, missing, ignore);
        int label = table.column(target);
        if (task == Task.CLASSIFICATION) {
            CsvTable.Labels labels = table.select(fitRows).labels(target);
            if (labels.classes().size() < 2) {
                throw new IllegalArgumentException(
                        table.source() + ": target column '" + target + "' has a single class " + labels.classes()
                                + " in the fit rows; a classifier needs at least two");
            }
            return new Schema(columns, target, task, labels.classes(), 0, 1, missing);
        }
        double sum = 0;
        for (int r : fitRows) {
            sum += table.number(r, label);
        }
        double mean = sum / fitRows.length;
        double sq = 0;
        for (int r : fitRows) {
            double d = table.number(r, label) - mean;
            sq += d * d;
        }
        double std = Math.sqrt(sq / fitRows.length);
        if (!(std > 0)) {
            throw new IllegalArgumentException("target column '" + target
                    + "' has the same value in every training row; there is nothing to learn");
        }
        return new Schema(columns, target, task, List.of(), mean, std, missing);
    }

    /**
     * A regression schema of the feature columns alone (no missing values allowed), whose target
     * scaling is the identity: {@link CsvTable#regression}'s encoding.
     */
    static Schema ofFeatures(CsvTable table, String target, int[] fitRows, List<String> ignore) {
        return new Schema(
                SchemaFitting.columns(table, target, fitRows, Missing.ERROR, ignore),
                target,
                Task.REGRESSION,
                List.of(),
                0,
                1,
                Missing.ERROR);
    }

    /**
     * The task a target column suggests: regression for a numeric target with more than 20 distinct
     * values, else classification (the rule of {@link ColumnKind}).
     */
    public static Task detectTask(CsvTable table, String target) {
        return ColumnKind.task(table, target);
    }

    /** The rows whose target cell is not missing (a missing target is an error with {@link Missing#ERROR}). */
    public static int[] rowsWithTarget(CsvTable table, String target, Missing missing) {
        return SchemaFitting.rowsWithTarget(table, target, missing);
    }

    /** The rows with no missing cell in any column but the ignored ones. */
    public static int[] completeRows(CsvTable table, List<String> ignore) {
        return SchemaFitting.completeRows(table, ignore);
    }

    public List<Column> columns() {
        return columns;
    }

    public String target() {
        return target;
    }

    public Task task() {
        return task;
    }

    /** The class names, in output order (empty for regression). */
    public List<String> classes() {
        return classes;
    }

    public double targetMean() {
        return targetMean;
    }

    public double targetStd() {
        return targetStd;
    }

    public Missing missing() {
        return missing;
    }

    /** The number of network inputs. */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** The number of network outputs: the classes, or 1 for regression. */
    public int outputs() {
        return task == Task.CLASSIFICATION ? classes.size() : 1;
    }

    /** One name per input: the column's, {@code column=category}, {@code column missing}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            if (c.categorical()) {
                c.categories().forEach(v -> names.add(c.name() + "=" + v));
            } else {
                names.add(c.name());
            }
            if (c.indicator()) {
                names.add(c.name() + " missing");
            }
        }
        return names;
    }

    /**
     * The inputs for rows {@code rows} of {@code table} (float32, rows x {@link #width()}). The table
     * must have every feature column (by name; other columns are ignored). A missing cell is imputed
     * if the schema imputes, else an error; a non-numeric cell in a numeric column is an error; a
     * category not seen in training is an error unless {@code unseenAsZeros} (then all its one-hot
     * inputs are 0). Errors name the file, line and column.
     */
    public INDArray features(CsvTable table, int[] rows, boolean unseenAsZeros) {
        int[] at = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            at[i] = table.header().indexOf(name);
            if (at[i] < 0) {
                throw new IllegalArgumentException(table.source() + " has no column '" + name + "'; the model needs "
                        + columns.stream().map(Column::name).toList());
            }
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(table.source() + " has no data rows");
        }
        Matrix x = Matrix.allocate(DataType.FLOAT, rows.length, width());
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            int o = 0;
            for (int k = 0; k < columns.size(); k++) {
                Column col = columns.get(k);
                int c = at[k];
                boolean absent = table.isMissing(r, c);
                if (absent
                        && !(col.categorical()
                                ? col.categories().contains(MISSING_CATEGORY)
                                : missing == Missing.IMPUTE)) {
                    throw table.error(
                            r,
                            c,
                            "missing value '" + table.cell(r, c) + "'"
                                    + (missing == Missing.IMPUTE ? " in a column that had none in training" : ""));
                }
                if (col.categorical()) {
                    String v = absent ? MISSING_CATEGORY : table.cell(r, c);
                    int j = col.categories().indexOf(v);
                    if (j < 0 && !unseenAsZeros) {
                        throw table.error(
                                r,
                                c,
                                "category '" + v + "' was not seen in training (known: " + col.categories() + ")");
                    }
                    if (j >= 0) {
                        x.set(i, o + j, 1);
                    }
                    o += col.categories().size();
                } else {
                    x.set(i, o++, absent ? col.fill() : table.number(r, c));
                }
                if (col.indicator()) {
                    x.set(i, o++, absent ? 1 : 0);
                }
            }
        }
        return x.array();
    }

    /**
     * The targets of rows {@code rows}: one-hot over {@link #classes()} (a label not among them is an
     * error), or the standardized number (n x 1), float32.
     */
    public INDArray targets(CsvTable table, int[] rows) {
        int label = table.column(target);
        if (task == Task.CLASSIFICATION) {
            return OneHot.encode(classIndices(table, rows), classes.size(), DataType.FLOAT);
        }
        Matrix y = Matrix.allocate(DataType.FLOAT, rows.length, 1);
        for (int i = 0; i < rows.length; i++) {
            y.set(i, (table.number(rows[i], label) - targetMean) / targetStd);
        }
        return y.array();
    }

    /** The class index of each row's label; numeric labels compare as numbers ("1" is "1.0"). */
    public int[] classIndices(CsvTable table, int[] rows) {
        int label = table.column(target);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            String v = table.cell(rows[i], label);
            out[i] = classIndex(v);
            if (out[i] < 0) {
                throw table.error(rows[i], label, "label '" + v + "' is not one of the classes " + classes);
            }
        }
        return out;
    }

    private int classIndex(String v) {
        int exact = classes.indexOf(v);
        if (exact >= 0 || !ColumnKind.isNumber(v)) {
            return exact;
        }
        double d = Double.parseDouble(v);
        for (int k = 0; k < classes.size(); k++) {
            try {
                if (Double.parseDouble(classes.get(k)) == d) {
                    return k;
                }
            } catch (NumberFormatException e) {
                // a text class
            }
        }
        return -1;
    }

    /** A regression network's outputs back in the target's units: {@code y = t · std + mean}. */
    public double[] unscale(INDArray standardized) {
        Matrix t = Matrix.of(standardized, "standardized");
        double[] y = new double[t.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = t.get(i, 0) * targetStd + targetMean;
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s
                && columns.equals(s.columns)
                && target.equals(s.target)
                && task == s.task
                && classes.equals(s.classes)
                && Double.compare(targetMean, s.targetMean) == 0
                && Double.compare(targetStd, s.targetStd) == 0
                && missing == s.missing;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(columns, target, task, classes, targetMean, targetStd, missing);
    }

    @Override
    public String toString() {
        return "Schema(" + task + " of '" + target + "' from " + featureNames() + ", missing " + missing + ")";
    }
}
