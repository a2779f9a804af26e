package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The rule of the kernels package for products: every path of {@link Gemm} (OpenBLAS's GEMM, its
 * matrix-vector product for one-row or one-column results, and the Java loops) equals the plain
 * definition {@code C[i][j] = alpha Σ_p op(A)[i][p] op(B)[p][j] + beta C[i][j]} computed in float64,
 * for every transposition and both types: float64 within 1e-12 relative, float32 within
 * {@code (k + 2) u Σ_p |op(A)[i][p] op(B)[p][j]|} (u = 2^-24, at most k + 1 roundings per entry).
 */
class GemmPathsTest {
    interface Path {
        void run(boolean ta, boolean tb, double alpha, Matrix a, Matrix b, double beta, Matrix c);
    }

    static Matrix random(DataType type, int rows, int cols, Random r) {
        Matrix m = Matrix.allocate(type, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, r.nextGaussian());
        }
        return m;
    }

    static void check(Path path, String name, DataType type, int m, int n, int k, boolean ta, boolean tb, double beta) {
        Random r = new Random(m * 1000003L + n * 1009L + k + (ta ? 7 : 0) + (tb ? 13 : 0));
        Matrix a = ta ? random(type, k, m, r) : random(type, m, k, r);
        Matrix b = tb ? random(type, n, k, r) : random(type, k, n, r);
        Matrix c = random(type, m, n, r);
        if (beta == 0) {
            c.set(0, Double.NaN); // beta 0 never reads C
        }
        double[] before = new double[m * n];
        for (int i = 0; i < before.length; i++) {
            before[i] = c.get(i);
        }
        double alpha = 0.75;
        path.run(ta, tb, alpha, a, b, beta, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a.get(p, i) : a.get(i, p);
                    double bv = tb ? b.get(j, p) : b.get(p, j);
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                double expected = alpha * sum + (beta == 0 ? 0 : beta * before[i * n + j]);
                double scale = Math.abs(alpha) * abs + Math.abs(beta * (beta == 0 ? 0 : before[i * n + j]));
                double tol = type == DataType.DOUBLE
                        ? 1e-12 * Math.max(1, scale)
                        : (k + 2) * Math.ulp(1f) / 2 * scale + Float.MIN_NORMAL;
                double actual = c.get(i, j);
                assertTrue(
                        Math.abs(actual - expected) <= tol,
                        name + " " + type + " " + m + "x" + n + "x" + k + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "")
                                + " beta " + beta + " C[" + i + "][" + j + "] = " + actual + ", expected " + expected
                                + " (tol " + tol + ")");
            }
        }
    }

    @Test
    void everyPathEqualsTheDefinition() {
        int[][] shapes = {{1, 256, 784}, {1, 3, 50}, {1, 1, 200}, {40, 1, 30}, {7, 9, 11}, {33, 17, 64}, {2, 2, 2}};
        List<Object[]> paths = List.of(
                new Object[] {"gemm", (Path) Gemm::gemm},
                new Object[] {"blas", (Path) Gemm::blas},
                new Object[] {"loops", (Path) Gemm::loops});
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (int[] s : shapes) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (double beta : new double[] {0, 1, -0.5}) {
                            for (Object[] p : paths) {
                                check((Path) p[1], (String) p[0], type, s[0], s[1], s[2], ta, tb, beta);
                            }
                            if (s[0] == 1 || s[1] == 1) {
                                check(Gemm::gemv, "gemv", type, s[0], s[1], s[2], ta, tb, beta);
                            }
                        }
                    }
                }
            }
        }
    }
}
