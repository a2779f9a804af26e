package org.nnj.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;

/** The arithmetic shared by the normalizers: column statistics and {@code (x - shift) / scale}. */
final class ColumnTransform {
    private ColumnTransform() {}

    static Matrix checked(INDArray x, int columns, String name) {
        Matrix m = Matrix.of(x, name);
        if (columns >= 0 && m.cols() != columns) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(x.shape())
                    + " but the normalizer was fitted on " + columns + " columns");
        }
        Reductions.requireFinite(m, name);
        return m;
    }

    /**
     * Checks the state against the type of the data it is about to transform: every {@code |shift|},
     * {@code scale} and {@code 1 / scale} must be at most the type's largest finite value (float32:
     * 3.4028235E38), or {@code (x - shift) / scale} or its inverse overflows to infinity (a σ of 1e-39
     * is a valid double but {@code 1 / σ} is not a float32). Throws naming the column's setting.
     */
    static void requireRepresentable(
            org.nd4j.linalg.api.buffer.DataType type,
            double[] shift,
            String shiftName,
            double[] scale,
            String scaleName) {
        double max = org.nnj.Require.largestFinite(type);
        for (int c = 0; c < shift.length; c++) {
            org.nnj.Require.representable(shift[c], type, shiftName + "[" + c + "]");
            org.nnj.Require.representable(scale[c], type, scaleName + "[" + c + "]");
            if (!(1 / scale[c] <= max)) {
                throw new IllegalArgumentException(scaleName + "[" + c + "] = " + scale[c] + " is too small for " + type
                        + " features: 1 / " + scaleName + " = " + (1 / scale[c]) + " exceeds " + type
                        + "'s largest finite value " + org.nnj.Require.largestFiniteText(type)
                        + " (treat the column as constant, " + scaleName
                        + " = 1, or use " + scaleName + " >= " + (1 / max) + ")");
            }
        }
    }

    /** {@code (x - shift) / scale} per column, into a new array. */
    static INDArray apply(Matrix x, double[] shift, double[] scale) {
        Matrix out = Matrix.allocate(x.type(), x.rows(), x.cols());
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                out.set(r, c, (x.get(r, c) - shift[c]) / scale[c]);
            }
        }
        return out.array();
    }

    /** {@code x * scale + shift} per column, into a new array. */
    static INDArray invert(Matrix x, double[] shift, double[] scale) {
        Matrix out = Matrix.allocate(x.type(), x.rows(), x.cols());
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                out.set(r, c, x.get(r, c) * scale[c] + shift[c]);
            }
        }
        return out.array();
    }

    static double[] requireState(double[] v, String name, boolean positive) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]) || (positive && v[i] <= 0)) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] = " + v[i] + " is not " + (positive ? "finite and > 0" : "finite"));
            }
        }
        return v.clone();
    }
}
