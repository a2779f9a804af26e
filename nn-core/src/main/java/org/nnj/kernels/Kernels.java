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
     * GemmPathBenchmark (nn-benchmarks/README.md) puts the crossover between 64 (4x4x4: loops 0.13 us,
     * BLAS 0.16 us) and 512 (8x8x8: loops 0.77 us, BLAS 0.21 us) multiply-adds.
     */
    public static final long BLAS_THRESHOLD = 128;

    /**
     * From this many elements, float32 elementwise kernels copy into a heap scratch array, where the JIT
     * vectorizes the loop, and copy back; below it they loop over the direct buffer.
     */
    public static final int SCRATCH_THRESHOLD = 64;

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
        if ((long) x.rows() * w.rows() * x.cols() < BLAS_THRESHOLD) {
            linearLoops(x, w, b, z);
        } else {
            linearBlas(x, w, b, z);
        }
    }

    /** {@link #linear} as Java loops (the small-shape path; public for the crossover benchmark). */
    public static void linearLoops(Matrix x, Matrix w, Matrix b, Matrix z) {
        int m = x.rows();
        int k = x.cols();
        int n = w.rows();
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
    }

    /** {@link #linear} through OpenBLAS: Z is filled with b, then {@code Z += X W^T} (sgemm/dgemm). */
    public static void linearBlas(Matrix x, Matrix w, Matrix b, Matrix z) {
        int m = x.rows();
        int k = x.cols();
        int n = w.rows();
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
        if (!dz.isDouble() && dz.size() >= SCRATCH_THRESHOLD) {
            float[] v = Scratch.floats(0, dz.size());
            dz.floats().get(0, v, 0, dz.size());
            float[] acc = Scratch.floats(1, out);
            java.util.Arrays.fill(acc, 0, out, 0f);
            for (int r = 0; r < batch; r++) {
                int row = r * out;
                for (int j = 0; j < out; j++) {
                    acc[j] += v[row + j];
                }
            }
            for (int j = 0; j < out; j++) {
                db.set(j, acc[j]);
            }
            return;
        }
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

    /**
     * Flat index of the first NaN or infinite element, or -1 if all are finite. Large matrices are first
     * screened with BLAS: the double-precision sum of squares is finite exactly when every element is
     * (for float32 it cannot overflow); only when it is not are the elements scanned one by one.
     */
    public static int firstNonFinite(Matrix m) {
        int n = m.size();
        if (n >= AXPY_BLAS_THRESHOLD && Double.isFinite(sumOfSquares(m))) {
            return -1;
        }
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

    /**
     * Leaky rectifier, {@code a = max(z, 0) + alpha min(z, 0)} elementwise (ReLU for alpha = 0); a may be
     * z. Written without branches: with random signs a branch per element would be mispredicted half
     * the time, which costs more than the arithmetic.
     */
    public static void leakyRelu(Matrix z, Matrix a, double alpha) {
        int n = z.size();
        if (!z.isDouble() && n >= SCRATCH_THRESHOLD) {
            float[] v = Scratch.floats(0, n);
            z.floats().get(0, v, 0, n);
            float al = (float) alpha;
            for (int i = 0; i < n; i++) {
                float x = v[i];
                v[i] = Math.max(x, 0f) + al * Math.min(x, 0f);
            }
            a.floats().put(0, v, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double x = z.get(i);
            a.set(i, x > 0 ? x : alpha * x);
        }
    }

    /**
     * Backward of {@link #leakyRelu} from its output: {@code grad_i ← grad_i} where {@code a_i > 0}, else
     * {@code alpha grad_i} (0 for ReLU). The float path selects without branches through the sign of
     * a's bit pattern: {@code bits > 0} exactly when {@code a > 0}.
     */
    public static void leakyReluBackward(Matrix a, Matrix grad, double alpha) {
        int n = a.size();
        if (!a.isDouble() && n >= SCRATCH_THRESHOLD) {
            float[] av = Scratch.floats(0, n);
            float[] g = Scratch.floats(1, n);
            a.floats().get(0, av, 0, n);
            grad.floats().get(0, g, 0, n);
            if (alpha == 0) {
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(av[i]);
                    int positive = (-bits >> 31) & ~(bits >> 31);      // all ones iff bits > 0, i.e. a > 0
                    g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & positive);
                }
            } else {
                int alphaBits = Float.floatToRawIntBits((float) alpha);
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(av[i]);
                    int positive = (-bits >> 31) & ~(bits >> 31);
                    g[i] *= Float.intBitsToFloat((ONE_BITS & positive) | (alphaBits & ~positive));
                }
            }
            grad.floats().put(0, g, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (a.get(i) <= 0) {
                grad.set(i, alpha * grad.get(i));
            }
        }
    }

    private static final int ONE_BITS = Float.floatToRawIntBits(1f);

    /** Copies rows {@code order[from .. from+count)} of {@code src} into rows 0.. of {@code dst}. */
    public static void gatherRows(Matrix src, int[] order, int from, int count, Matrix dst) {
        for (int r = 0; r < count; r++) {
            dst.copyRow(src, order[from + r], r);
        }
    }
}
