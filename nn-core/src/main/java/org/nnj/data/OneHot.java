package org.nnj.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/** One-hot encoding of class indices, and back. */
public final class OneHot {
    private OneHot() {}

    /** n x k rows with a 1 in column {@code classes[i]}; every index must be in [0, k). */
    public static INDArray encode(int[] classes, int k, DataType type) {
        if (classes == null || classes.length == 0) {
            throw new IllegalArgumentException("classes must not be empty");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k (number of classes) must be > 0, got " + k);
        }
        Matrix m = Matrix.allocate(type, classes.length, k);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= k) {
                throw new IllegalArgumentException("classes[" + i + "] = " + classes[i] + " is outside [0, " + k + ")");
            }
            m.set(i, classes[i], 1);
        }
        return m.array();
    }

    /**
     * The class of each row: the column of its largest value (first on ties), or, for a single
     * column, 1 where the value is >= 0.5 and 0 otherwise. Every value must be finite (a NaN row has no
     * largest value).
     *
     * @throws IllegalArgumentException naming the first row with a value that is not finite
     */
    public static int[] classes(INDArray rows) {
        return classes(rows, "rows");
    }

    /** {@link #classes(INDArray)}, naming the array {@code name} in a message. */
    public static int[] classes(INDArray rows, String name) {
        Matrix m = Matrix.of(rows, name);
        int[] out = new int[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                if (!Double.isFinite(m.get(r, c))) {
                    throw new IllegalArgumentException(name + " row " + r + " = " + row(m, r) + " is not finite"
                            + " (column " + c + "), so it has no class");
                }
            }
            if (m.cols() == 1) {
                out[r] = m.get(r, 0) >= 0.5 ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < m.cols(); c++) {
                if (m.get(r, c) > m.get(r, best)) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /**
     * Checks that {@code labels} are class labels: one-hot rows (every value 0 or 1, exactly one 1) or a
     * single column of 0s and 1s, as {@code Dataset.hasClassLabels} defines them.
     *
     * @param hint what to do instead, appended to the message (or "")
     * @throws IllegalArgumentException naming the first row that is not, and its values
     */
    public static void requireClassLabels(INDArray labels, String name, String hint) {
        Matrix y = Matrix.of(labels, name);
        for (int r = 0; r < y.rows(); r++) {
            double sum = 0;
            boolean binary = true;
            for (int c = 0; c < y.cols(); c++) {
                double v = y.get(r, c);
                binary &= v == 0 || v == 1;
                sum += v;
            }
            if (!binary || (y.cols() > 1 && sum != 1)) {
                throw new IllegalArgumentException(name + " row " + r + " = " + row(y, r) + " is not a class label: "
                        + (y.cols() == 1
                                ? "a single label column must hold 0 or 1"
                                : "a one-hot row holds one 1 and 0s")
                        + hint);
            }
        }
    }

    /** Row r's values, "[a, b, ...]" (the first 8). */
    private static String row(Matrix m, int r) {
        StringBuilder sb = new StringBuilder("[");
        for (int c = 0; c < Math.min(m.cols(), 8); c++) {
            sb.append(c > 0 ? ", " : "").append(m.get(r, c));
        }
        return sb.append(m.cols() > 8 ? ", ...]" : "]").toString();
    }
}
