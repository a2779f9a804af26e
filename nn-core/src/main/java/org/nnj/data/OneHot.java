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
     * column, 1 where the value is >= 0.5 and 0 otherwise.
     */
    public static int[] classes(INDArray rows) {
        Matrix m = Matrix.of(rows, "rows");
        int[] out = new int[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
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
}
