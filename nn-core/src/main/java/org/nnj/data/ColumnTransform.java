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
