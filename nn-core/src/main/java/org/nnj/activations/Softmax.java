package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * Softmax over each row: {@code a_i = e^{z_i} / Σ_k e^{z_k}}, computed as {@code e^{z_i - max z}} so that
 * it stays finite for any finite z.
 *
 * <p>Its Jacobian is full, not diagonal: {@code da_i/dz_j = a_i (δ_ij - a_j)}, i.e.
 * {@code J = diag(a) - a a^T}. Backward computes the Jacobian-vector product
 * {@code J^T g = a ⊙ (g - (g · a))} (J is symmetric) for each row, in O(n) instead of forming J.
 */
public final class Softmax implements Activation {
    static final Softmax INSTANCE = new Softmax();

    private Softmax() {
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        int rows = z.rows();
        int n = z.cols();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, z.get(o + i));
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double e = Math.exp(z.get(o + i) - max);
                a.set(o + i, e);
                sum += e;
            }
            double inv = 1 / sum;
            for (int i = 0; i < n; i++) {
                a.set(o + i, a.get(o + i) * inv);
            }
        }
    }

    @Override
    public void backward(Matrix a, Matrix grad) {
        int rows = a.rows();
        int n = a.cols();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += grad.get(o + i) * a.get(o + i);
            }
            for (int i = 0; i < n; i++) {
                grad.set(o + i, a.get(o + i) * (grad.get(o + i) - dot));
            }
        }
    }

    @Override
    public INDArray jacobian(INDArray z) {
        Matrix row = Activation.example(z);
        int n = row.cols();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, row.get(i));
        }
        double[] a = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            a[i] = Math.exp(row.get(i) - max);
            sum += a[i];
        }
        Matrix j = Matrix.allocate(row.type(), n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double ai = a[i] / sum;
                double ak = a[k] / sum;
                j.set(i, k, ai * ((i == k ? 1 : 0) - ak));
            }
        }
        return j.array();
    }

    @Override
    public String toString() {
        return name();
    }
}
