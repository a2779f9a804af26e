package org.nnj.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dsdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The only place where the library does arithmetic on whole matrices. Every kernel picks its path by
 * size: small problems run as plain Java loops over the direct buffers (no ND4J dispatch, no JNI),
 * large ones call OpenBLAS directly through the JavaCPP bindings that ND4J ships.
 * {@code GemmPathBenchmark} in nn-benchmarks measures where the crossover lies.
 *
 * <p>All matrices are row-major with examples as rows. In the tutorials' column form a dense layer
 * is {@code z = W x + b}; with examples as rows the same layer is {@code Z = X W^T + b}, and its
 * gradients are {@code dW = dZ^T X}, {@code db = sum over rows of dZ}, {@code dX = dZ W}.
 */
public final class Kernels {
    /**
     * Below this many multiply-adds (m * n * k) a GEMM runs as Java loops; at or above it, OpenBLAS.
     * Chosen with GemmPathBenchmark (see nn-benchmarks/README.md).
     */
    public static final long BLAS_THRESHOLD = 4096;

    /** Below this many elements an axpy runs as a Java loop. */
    public static final int AXPY_BLAS_THRESHOLD = 4096;

    static {
        // ND4J loads OpenBLAS when its backend starts; make sure that happened before the first call.
        Nd4j.getBackend();
    }

    private Kernels() {
    }

    /**
     * {@code Z = X W^T + b}: X is batch x in, W is out x in, b is 1 x out, Z is batch x out.
     */
    public static void linear(Matrix x, Matrix w, Matrix b, Matrix z) {
        int m = x.rows();
        int k = x.cols();
        int n = w.rows();
        if ((long) m * n * k < BLAS_THRESHOLD) {
            for (int r = 0; r < m; r++) {
                int xRow = r * k;
                for (int j = 0; j < n; j++) {
                    int wRow = j * k;
                    double acc = b.get(j);
                    for (int i = 0; i < k; i++) {
                        acc += x.get(xRow + i) * w.get(wRow + i);
                    }
                    z.set(r * n + j, acc);
                }
            }
            return;
        }
        for (int r = 0; r < m; r++) {
            z.copyRow(b, 0, r);
        }
        if (z.isDouble()) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k,
                    1.0, x.doubles(), k, w.doubles(), k, 1.0, z.doubles(), n);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k,
                    1f, x.floats(), k, w.floats(), k, 1f, z.floats(), n);
        }
    }

    /**
     * {@code dW = dZ^T X} (overwrites dW): dZ is batch x out, X is batch x in, dW is out x in.
     * Row j of dW is the sum over examples of dZ[r, j] times example r.
     */
    public static void weightGradient(Matrix dz, Matrix x, Matrix dw) {
        int batch = x.rows();
        int in = x.cols();
        int out = dz.cols();
        if ((long) batch * in * out < BLAS_THRESHOLD) {
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    double acc = 0;
                    for (int r = 0; r < batch; r++) {
                        acc += dz.get(r * out + j) * x.get(r * in + i);
                    }
                    dw.set(j * in + i, acc);
                }
            }
            return;
        }
        if (dw.isDouble()) {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, batch,
                    1.0, dz.doubles(), out, x.doubles(), in, 0.0, dw.doubles(), in);
        } else {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, batch,
                    1f, dz.floats(), out, x.floats(), in, 0f, dw.floats(), in);
        }
    }

    /** {@code db = sum over rows of dZ} (overwrites db): dZ is batch x out, db is 1 x out. */
    public static void columnSums(Matrix dz, Matrix db) {
        int batch = dz.rows();
        int out = dz.cols();
        for (int j = 0; j < out; j++) {
            db.set(j, 0);
        }
        for (int r = 0; r < batch; r++) {
            int row = r * out;
            for (int j = 0; j < out; j++) {
                db.add(j, dz.get(row + j));
            }
        }
    }

    /** {@code dX = dZ W} (overwrites dX): dZ is batch x out, W is out x in, dX is batch x in. */
    public static void inputGradient(Matrix dz, Matrix w, Matrix dx) {
        int batch = dz.rows();
        int out = dz.cols();
        int in = w.cols();
        if ((long) batch * in * out < BLAS_THRESHOLD) {
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < in; i++) {
                    double acc = 0;
                    for (int j = 0; j < out; j++) {
                        acc += dz.get(r * out + j) * w.get(j * in + i);
                    }
                    dx.set(r * in + i, acc);
                }
            }
            return;
        }
        if (dx.isDouble()) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, in, out,
                    1.0, dz.doubles(), out, w.doubles(), in, 0.0, dx.doubles(), in);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, in, out,
                    1f, dz.floats(), out, w.floats(), in, 0f, dx.floats(), in);
        }
    }

    /** {@code y += alpha * x} over all elements (same shape and type). */
    public static void axpy(double alpha, Matrix x, Matrix y) {
        int n = x.size();
        if (n < AXPY_BLAS_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                y.set(i, y.get(i) + alpha * x.get(i));
            }
        } else if (y.isDouble()) {
            cblas_daxpy(n, alpha, x.doubles(), 1, y.doubles(), 1);
        } else {
            cblas_saxpy(n, (float) alpha, x.floats(), 1, y.floats(), 1);
        }
    }

    /** Flat index of the first NaN or infinite element, or -1 if all are finite. */
    public static int firstNonFinite(Matrix m) {
        int n = m.size();
        for (int i = 0; i < n; i++) {
            double v = m.get(i);
            if (!Double.isFinite(v)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sum of squares of all elements, accumulated in double precision (BLAS {@code dsdot}/{@code ddot}
     * for large matrices). NaN if any element is NaN, infinite if any is infinite, so it doubles as a
     * finiteness check.
     */
    public static double sumOfSquares(Matrix m) {
        int n = m.size();
        if (n >= AXPY_BLAS_THRESHOLD) {
            return m.isDouble() ? cblas_ddot(n, m.doubles(), 1, m.doubles(), 1)
                    : cblas_dsdot(n, m.floats(), 1, m.floats(), 1);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = m.get(i);
            s += v * v;
        }
        return s;
    }

    /** Multiplies every element by {@code alpha}. */
    public static void scale(Matrix m, double alpha) {
        int n = m.size();
        for (int i = 0; i < n; i++) {
            m.set(i, m.get(i) * alpha);
        }
    }

    /** Copies rows {@code order[from .. from+count)} of {@code src} into rows 0.. of {@code dst}. */
    public static void gatherRows(Matrix src, int[] order, int from, int count, Matrix dst) {
        for (int r = 0; r < count; r++) {
            dst.copyRow(src, order[from + r], r);
        }
    }
}
