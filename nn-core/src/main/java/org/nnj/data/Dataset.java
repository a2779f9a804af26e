package org.nnj.data;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;

/**
 * Features and labels, one example per row: {@code features} is n x d, {@code labels} is n x k
 * (one-hot rows for classification, values for regression). Checked on construction: both 2-D,
 * same row count, at least one row, every value finite, class names distinct.
 *
 * @param features     n x d
 * @param labels       n x k
 * @param featureNames d names (or empty)
 * @param classNames   k class names for one-hot labels (or empty for regression / unnamed)
 */
public record Dataset(INDArray features, INDArray labels, List<String> featureNames, List<String> classNames) {
    public Dataset {
        Matrix x = Matrix.of(features, "features");
        Matrix y = Matrix.of(labels, "labels");
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("features has " + x.rows() + " rows but labels has " + y.rows());
        }
        Reductions.requireFinite(x, "features");
        Reductions.requireFinite(y, "labels");
        featureNames = List.copyOf(Require.notNull(featureNames, "featureNames"));
        Require.notNull(classNames, "classNames");
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            String name = Require.notNull(classNames.get(i), "classNames[" + i + "]");
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw new IllegalArgumentException("classNames[" + i + "] = \"" + name + "\" duplicates classNames["
                        + first + "]: each class needs its own name (a label column per class)");
            }
        }
        classNames = List.copyOf(classNames);
        if (!featureNames.isEmpty() && featureNames.size() != x.cols()) {
            throw new IllegalArgumentException(
                    "featureNames has " + featureNames.size() + " names for " + x.cols() + " columns");
        }
        if (!classNames.isEmpty() && classNames.size() != y.cols()) {
            throw new IllegalArgumentException(
                    "classNames has " + classNames.size() + " names for " + y.cols() + " label columns");
        }
    }

    public static Dataset of(INDArray features, INDArray labels) {
        return new Dataset(features, labels, List.of(), List.of());
    }

    public static Dataset of(double[][] features, double[][] labels) {
        return of(matrix(features, "features", DataType.DOUBLE), matrix(labels, "labels", DataType.DOUBLE));
    }

    public static Dataset of(float[][] features, float[][] labels) {
        return of(matrix(features, "features"), matrix(labels, "labels"));
    }

    /** A classification dataset from class indices 0..k-1, one-hot encoded. */
    public static Dataset classification(INDArray features, int[] classes, List<String> classNames) {
        INDArray y = OneHot.encode(classes, classNames.size(), features.dataType());
        return new Dataset(features, y, List.of(), classNames);
    }

    /** A float32 classification dataset from rows of features and class indices 0..k-1, one-hot encoded. */
    public static Dataset classification(double[][] features, int[] classes, List<String> classNames) {
        return classification(matrix(features, "features", DataType.FLOAT), classes, classNames);
    }

    public int size() {
        return (int) features.size(0);
    }

    public int numFeatures() {
        return (int) features.size(1);
    }

    public int numOutputs() {
        return (int) labels.size(1);
    }

    /** True if the labels are one-hot rows, or a single column of 0s and 1s: a classification problem. */
    public boolean hasClassLabels() {
        Matrix y = Matrix.of(labels, "labels");
        for (int r = 0; r < y.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < y.cols(); c++) {
                double v = y.get(r, c);
                if (v != 0 && v != 1) {
                    return false;
                }
                sum += v;
            }
            if (y.cols() > 1 && sum != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Class index of each example: argmax of one-hot rows, or the 0/1 value of a single label column.
     *
     * @throws IllegalArgumentException naming the first row that is not a class label (continuous
     *     targets have no class; they are not thresholded at 0.5)
     */
    public int[] classIndices() {
        OneHot.requireClassLabels(labels, "labels", " (for regression targets use Split.random)");
        return OneHot.classes(labels);
    }

    /** The rows at {@code rows}, copied, in that order. */
    public Dataset rows(int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows must not be empty");
        }
        return new Dataset(select(features, rows), select(labels, rows), featureNames, classNames);
    }

    /** The same labels and names with other features (e.g. normalized). */
    public Dataset withFeatures(INDArray newFeatures) {
        return new Dataset(newFeatures, labels, featureNames, classNames);
    }

    /** Both arrays converted to {@code type}. */
    public Dataset castTo(DataType type) {
        return new Dataset(features.castTo(type), labels.castTo(type), featureNames, classNames);
    }

    static INDArray select(INDArray a, int[] rows) {
        Matrix src = Matrix.of(a, "array");
        Matrix dst = Matrix.allocate(src.type(), rows.length, src.cols());
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= src.rows()) {
                throw new IllegalArgumentException("row index " + rows[i] + " out of range [0, " + src.rows() + ")");
            }
            dst.copyRow(src, rows[i], i);
        }
        return dst.array();
    }

    static INDArray matrix(double[][] v, String name, DataType type) {
        checkRectangular(
                v == null ? null : v.length,
                v == null
                        ? null
                        : Arrays.stream(v)
                                .mapToInt(r -> r == null ? -1 : r.length)
                                .toArray(),
                name);
        return Matrix.fromRows(v, type).array();
    }

    private static INDArray matrix(float[][] v, String name) {
        double[][] d = v == null ? null : new double[v.length][];
        for (int i = 0; d != null && i < v.length; i++) {
            d[i] = v[i] == null ? null : new double[v[i].length];
            for (int j = 0; d[i] != null && j < v[i].length; j++) {
                d[i][j] = v[i][j];
            }
        }
        return matrix(d, name, DataType.FLOAT);
    }

    private static void checkRectangular(Integer rows, int[] lengths, String name) {
        if (rows == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (rows == 0 || lengths[0] <= 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] != lengths[0]) {
                throw new IllegalArgumentException(
                        name + " row " + i + " has " + Math.max(lengths[i], 0) + " values but row 0 has " + lengths[0]);
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + size() + " x " + numFeatures() + " -> " + numOutputs()
                + (classNames.isEmpty() ? "" : " classes " + classNames) + "]";
    }
}
