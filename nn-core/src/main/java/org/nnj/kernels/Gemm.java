package org.nnj.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products, named after their algebra as in EJML's {@code CommonOps}, with the output as the
 * last argument. Every product in the library goes through {@link #gemm}, the one place that checks
 * sizes and picks the path: Java loops below {@link #BLAS_THRESHOLD} multiply-adds, OpenBLAS
 * ({@code sgemm}/{@code dgemm} through the JavaCPP bindings ND4J ships) at or above it, and a
 * matrix-vector product ({@code sgemv}/{@code dgemv}) when C is one row or one column, as a
 * one-row {@code predict} is (a GEMM kernel packs its operands for blocks of rows it does not have).
 *
 * <p>A dense layer with examples as rows is {@code Z = X Wᵀ + b}; its gradients are
 * {@code dW = dZᵀ X} ({@link #multTransA}), {@code dX = dZ W} ({@link #mult}), and its forward pass is
 * {@link #multAddTransB} onto Z pre-filled with b.
 */
public final class Gemm {
    /**
     * Below this many multiply-adds (m * n * k) a product runs as Java loops; at or above it, OpenBLAS.
     * GemmPathBenchmark (nn-benchmarks/README.md) puts the crossover between 64 (4x4x4: loops 0.13 us,
     * BLAS 0.16 us) and 512 (8x8x8: loops 0.77 us, BLAS 0.21 us) multiply-adds.
     */
    public static final long BLAS_THRESHOLD = 128;

    static {
        // ND4J loads OpenBLAS when its backend starts; make sure that happened before the first call.
        Nd4j.getBackend();
    }

    private Gemm() {}

    /**
     * The threads OpenBLAS runs a large product on now ({@code OMP_NUM_THREADS}, or all cores), or
     * {@link Integer#MAX_VALUE} if the backend does not say. With more than one, products called from
     * two threads at once contend for OpenBLAS's one thread pool (nn-benchmarks/README.md, serving),
     * so a kernel shares work that calls {@link #gemm} with another thread only when this is 1.
     */
    public static int blasThreads() {
        return Nd4j.factory().blas() instanceof org.nd4j.nativeblas.Nd4jBlas blas
                ? blas.getMaxThreads()
                : Integer.MAX_VALUE;
    }

    /** {@code C = A B}: A is m x k, B is k x n, C is m x n. */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        gemm(false, false, 1, a, b, 0, c);
    }

    /** {@code C = Aᵀ B}: A is k x m, B is k x n, C is m x n. */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        gemm(true, false, 1, a, b, 0, c);
    }

    /** {@code C = C + A Bᵀ}: A is m x k, B is n x k, C is m x n. */
    public static void multAddTransB(Matrix a, Matrix b, Matrix c) {
        gemm(false, true, 1, a, b, 1, c);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, where {@code op(X)} is X or Xᵀ. The size rule:
     * {@code op(A)} is m x k, {@code op(B)} is k x n and C is m x n, all of one type; anything else
     * throws {@link IllegalArgumentException} naming the three shapes.
     */
    public static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int k = checkSizes(transA, transB, a, b, c);
        if ((long) c.rows() * c.cols() * k < BLAS_THRESHOLD) {
            loops(transA, transB, alpha, a, b, beta, c, k);
        } else if (c.rows() == 1 || c.cols() == 1) {
            gemv(transA, transB, alpha, a, b, beta, c, k);
        } else {
            blas(transA, transB, alpha, a, b, beta, c, k);
        }
    }

    /** The size rule of {@link #gemm}; returns the inner dimension k. */
    private static int checkSizes(boolean transA, boolean transB, Matrix a, Matrix b, Matrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n || a.type() != c.type() || b.type() != c.type()) {
            throw new IllegalArgumentException("cannot multiply " + a.describe() + (transA ? "ᵀ" : "") + " by "
                    + b.describe() + (transB ? "ᵀ" : "") + " into " + c.describe());
        }
        return k;
    }

    /** {@link #gemm} through OpenBLAS whatever the size (public for the crossover benchmark only). */
    public static void blas(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        blas(transA, transB, alpha, a, b, beta, c, checkSizes(transA, transB, a, b, c));
    }

    private static void blas(
            boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c, int k) {
        int m = c.rows();
        int n = c.cols();
        if (c.isDouble()) {
            cblas_dgemm(
                    CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    m,
                    n,
                    k,
                    alpha,
                    a.doubles(),
                    a.cols(),
                    b.doubles(),
                    b.cols(),
                    beta,
                    c.doubles(),
                    n);
        } else {
            cblas_sgemm(
                    CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    m,
                    n,
                    k,
                    (float) alpha,
                    a.floats(),
                    a.cols(),
                    b.floats(),
                    b.cols(),
                    (float) beta,
                    c.floats(),
                    n);
        }
    }

    /** {@link #gemm} as a matrix-vector product (C one row or one column; public for the benchmark and test). */
    public static void gemv(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int k = checkSizes(transA, transB, a, b, c);
        if (c.rows() != 1 && c.cols() != 1) {
            throw new IllegalArgumentException("gemv needs C of one row or one column, got " + c.describe());
        }
        gemv(transA, transB, alpha, a, b, beta, c, k);
    }

    /**
     * C = alpha op(A) op(B) + beta C as one matrix-vector product. One row (m = 1): the row of op(A)
     * is a vector x of k values (contiguous whether A is 1 x k or, transposed, k x 1), and
     * {@code cᵀ = alpha op(B)ᵀ x + beta cᵀ}: B (k x n) transposed, or B (n x k) as it is. One column
     * (n = 1): {@code c = alpha op(A) x + beta c} with x the column of op(B), contiguous likewise.
     */
    private static void gemv(
            boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c, int k) {
        Matrix matrix = c.rows() == 1 ? b : a;
        Matrix vector = c.rows() == 1 ? a : b;
        // row-major A (r x s): NoTrans computes A x (s inputs), Trans computes Aᵀ x (r inputs)
        boolean trans = c.rows() == 1 ? !transB : transA;
        int rows = matrix.rows();
        int cols = matrix.cols();
        if (beta == 0) {
            c.fill(0); // as gemm, beta 0 never reads C (gemv would scale a NaN in it by 0)
        }
        if (c.isDouble()) {
            cblas_dgemv(
                    CblasRowMajor,
                    trans ? CblasTrans : CblasNoTrans,
                    rows,
                    cols,
                    alpha,
                    matrix.doubles(),
                    cols,
                    vector.doubles(),
                    1,
                    beta,
                    c.doubles(),
                    1);
        } else {
            cblas_sgemv(
                    CblasRowMajor,
                    trans ? CblasTrans : CblasNoTrans,
                    rows,
                    cols,
                    (float) alpha,
                    matrix.floats(),
                    cols,
                    vector.floats(),
                    1,
                    (float) beta,
                    c.floats(),
                    1);
        }
    }

    /**
     * {@link #gemm} as Java loops whatever the size, each {@code C[i, j]} accumulated in double over k,
     * then stored (public for the crossover benchmark only).
     */
    public static void loops(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        loops(transA, transB, alpha, a, b, beta, c, checkSizes(transA, transB, a, b, c));
    }

    private static void loops(
            boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c, int k) {
        int m = c.rows();
        int n = c.cols();
        int aRow = transA ? 1 : a.cols();
        int aCol = transA ? a.cols() : 1;
        int bRow = transB ? 1 : b.cols();
        int bCol = transB ? b.cols() : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += a.get(i * aRow + p * aCol) * b.get(p * bRow + j * bCol);
                }
                int at = i * n + j;
                c.set(at, beta == 0 ? alpha * acc : alpha * acc + beta * c.get(at)); // beta 0 never reads C
            }
        }
    }
}
