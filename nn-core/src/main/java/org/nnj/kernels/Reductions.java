package org.nnj.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dsdot;

/** Whole-matrix reductions: the sum of squares, and the finiteness screen every input goes through. */
public final class Reductions {
    /** From this many elements the sum of squares runs through BLAS ({@code dsdot}/{@code ddot}). */
    public static final int BLAS_THRESHOLD = 4096;

    private Reductions() {}

    /**
     * Flat index of the first NaN or infinite element, or -1 if all are finite. Large matrices are first
     * screened with BLAS: the double-precision sum of squares is finite exactly when every element is
     * (for float32 it cannot overflow); only when it is not are the elements scanned one by one.
     */
    public static int firstNonFinite(Matrix m) {
        int n = m.size();
        if (n >= BLAS_THRESHOLD && Double.isFinite(sumOfSquares(m))) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(m.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Throws {@link IllegalArgumentException} naming {@code name}, the value, its row and column if
     * {@code m} holds a NaN or an infinity: the one finiteness check of every public entry point.
     */
    public static void requireFinite(Matrix m, String name) {
        int bad = firstNonFinite(m);
        if (bad >= 0) {
            throw new IllegalArgumentException(
                    name + " contains " + m.get(bad) + " at row " + bad / m.cols() + ", column " + bad % m.cols());
        }
    }

    /**
     * Sum of squares of all elements, accumulated in double precision. NaN if any element is NaN,
     * infinite if any is infinite, so it doubles as a finiteness check.
     */
    public static double sumOfSquares(Matrix m) {
        int n = m.size();
        if (n >= BLAS_THRESHOLD) {
            return m.isDouble()
                    ? cblas_ddot(n, m.doubles(), 1, m.doubles(), 1)
                    : cblas_dsdot(n, m.floats(), 1, m.floats(), 1);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = m.get(i);
            s += v * v;
        }
        return s;
    }

    /**
     * The largest {@code |a[i]|} for i in {@code [0, n)}: NaN if any element is NaN, infinite if any is
     * infinite, so {@code Float.isFinite(maxAbs(a, n))} screens a chunk in one pass over the heap.
     */
    public static float maxAbs(float[] a, int n) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    public static double maxAbs(double[] a, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }
}
