package org.nnj.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Row-wise kernels, where each row is one example: softmax and its Jacobian-vector product, the
 * column sums of a bias gradient, broadcasting a row, and gathering rows into a minibatch.
 */
public final class Rows {
    private Rows() {}

    /**
     * Softmax of each row, {@code a_i = e^{z_i - max z} / Σ_k e^{z_k - max z}} (finite for any finite z);
     * a may be z.
     */
    public static void softmax(Matrix z, Matrix a) {
        int size = z.size();
        if (z.isDouble() || size < Elementwise.SCRATCH_THRESHOLD) {
            for (int r = 0; r < z.rows(); r++) {
                softmaxRow(z, a, r);
            }
            return;
        }
        int n = z.cols();
        float[] v = z.scratch(0);
        for (int r = 0; r < z.rows(); r++) {
            int o = r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, v[o + i]);
            }
            for (int i = 0; i < n; i++) {
                v[o + i] -= max;
            }
        }
        FastMath.exp(v, v, Scratch.floats(1, size), Scratch.ints(size), size);
        for (int r = 0; r < z.rows(); r++) {
            int o = r * n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[o + i];
            }
            float inv = (float) (1 / sum);
            for (int i = 0; i < n; i++) {
                v[o + i] *= inv;
            }
        }
        a.store(v);
    }

    /**
     * Row r of {@link #softmax} written into a (skipped when a is null); returns
     * {@code log Σ_k e^{z_k} = max z + log Σ_k e^{z_k - max z}}, which cross-entropy on logits needs.
     */
    public static double softmaxRow(Matrix z, Matrix a, int r) {
        int n = z.cols();
        int o = r * n;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, z.get(o + i));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(z.get(o + i) - max);
            if (a != null) {
                a.set(o + i, e);
            }
            sum += e;
        }
        if (a != null) {
            double inv = 1 / sum;
            for (int i = 0; i < n; i++) {
                a.set(o + i, a.get(o + i) * inv);
            }
        }
        return max + Math.log(sum);
    }

    /**
     * Softmax's backward from its output a, row by row: {@code g ← Jᵀ g = a ⊙ (g - (g · a))}, the
     * product with the full Jacobian {@code J = diag(a) - a aᵀ} in O(n) per row.
     */
    public static void softmaxBackward(Matrix a, Matrix g) {
        int rows = a.rows();
        int n = a.cols();
        if (!a.isDouble() && a.size() >= Elementwise.SCRATCH_THRESHOLD) {
            float[] av = a.scratch(0);
            float[] gv = g.scratch(1);
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += gv[o + i] * av[o + i];
                }
                float d = (float) dot;
                for (int i = 0; i < n; i++) {
                    gv[o + i] = av[o + i] * (gv[o + i] - d);
                }
            }
            g.store(gv);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += g.get(o + i) * a.get(o + i);
            }
            for (int i = 0; i < n; i++) {
                g.set(o + i, a.get(o + i) * (g.get(o + i) - dot));
            }
        }
    }

    /**
     * {@code s = Σ_rows m = mᵀ·1} (overwrites s): m is batch x n, s is 1 x n; accumulated in float for
     * float32. From {@link Reductions#BLAS_THRESHOLD} elements it is that matrix-vector product in
     * BLAS ({@code gemv}), which reads m where it is: 5-6x faster than copying m to the heap and adding
     * its rows (a 128 x 256 bias gradient, measured: 3-4 vs 20 us).
     */
    public static void columnSums(Matrix m, Matrix s) {
        int batch = m.rows();
        int n = m.cols();
        if (m.size() >= Reductions.BLAS_THRESHOLD) {
            Matrix ones = ones(m.isDouble(), batch);
            if (m.isDouble()) {
                cblas_dgemv(
                        CblasRowMajor, CblasTrans, batch, n, 1, m.doubles(), n, ones.doubles(), 1, 0, s.doubles(), 1);
            } else {
                cblas_sgemv(
                        CblasRowMajor, CblasTrans, batch, n, 1f, m.floats(), n, ones.floats(), 1, 0f, s.floats(), 1);
            }
            return;
        }
        if (m.isDouble() || m.size() < Elementwise.SCRATCH_THRESHOLD) {
            for (int j = 0; j < n; j++) {
                s.set(j, 0);
            }
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < n; j++) {
                    s.set(j, s.get(j) + m.get(r * n + j));
                }
            }
            return;
        }
        float[] v = m.scratch(0);
        float[] acc = Scratch.floats(1, n);
        java.util.Arrays.fill(acc, 0, n, 0f);
        for (int r = 0; r < batch; r++) {
            int row = r * n;
            for (int j = 0; j < n; j++) {
                acc[j] += v[row + j];
            }
        }
        for (int j = 0; j < n; j++) {
            s.set(j, acc[j]);
        }
    }

    /** Vectors of ones for {@link #columnSums}, grown when a longer one is needed and never written after. */
    private static volatile Matrix onesFloat;

    private static volatile Matrix onesDouble;

    /** A 1 x k (k at least n) vector of ones of the type; safe to share between threads (read only). */
    private static Matrix ones(boolean isDouble, int n) {
        Matrix v = isDouble ? onesDouble : onesFloat;
        if (v != null && v.cols() >= n) {
            return v;
        }
        int length = Math.max(n, v == null ? 256 : 2 * v.cols());
        Matrix fresh = Matrix.allocate(isDouble ? DataType.DOUBLE : DataType.FLOAT, 1, length);
        fresh.fill(1);
        if (isDouble) {
            onesDouble = fresh;
        } else {
            onesFloat = fresh;
        }
        return fresh;
    }

    /** Copies the 1 x n row {@code row} into every row of {@code m} (batch x n). */
    public static void broadcast(Matrix row, Matrix m) {
        for (int r = 0; r < m.rows(); r++) {
            m.copyRow(row, 0, r);
        }
    }

    /** Copies rows {@code order[from .. from+count)} of {@code src} into rows 0.. of {@code dst}. */
    public static void gather(Matrix src, int[] order, int from, int count, Matrix dst) {
        for (int r = 0; r < count; r++) {
            dst.copyRow(src, order[from + r], r);
        }
    }

    /** Sets {@code m} to the n x n identity. */
    public static void identity(Matrix m) {
        m.fill(0);
        for (int i = 0; i < m.rows(); i++) {
            m.set(i, i, 1);
        }
    }
}
