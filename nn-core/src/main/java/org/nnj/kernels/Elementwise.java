package org.nnj.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;

import java.util.SplittableRandom;

/**
 * Elementwise kernels: activations and their backward passes, {@code axpy}, scaling. Each float32
 * kernel copies the direct buffer into a per-thread heap array in one bulk copy, runs a plain loop
 * there (which the JIT compiles to SIMD code where the operations allow), and copies the result back
 * in one bulk copy; each element is still computed in double precision and rounded once, so the
 * result is the same as an element-by-element loop. Float64 matrices (gradient checks) take the
 * element-by-element loop.
 */
public final class Elementwise {
    /**
     * From this many elements, float32 kernels copy into heap scratch (where the loop vectorizes) and
     * back; below it the two bulk copies cost more than they save, and the loop reads the buffer.
     */
    public static final int SCRATCH_THRESHOLD = 64;

    /** From this many elements, {@link #axpy} runs as BLAS {@code saxpy}/{@code daxpy}. */
    public static final int AXPY_BLAS_THRESHOLD = 4096;

    private Elementwise() {}

    /** {@code a = σ(z) = 1 / (1 + e^-z)}; a may be z. */
    public static void sigmoid(Matrix z, Matrix a) {
        int n = z.size();
        if (z.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                a.set(i, sigmoid(z.get(i)));
            }
            return;
        }
        float[] v = z.scratch(0);
        float[] e = Scratch.floats(1, n);
        for (int i = 0; i < n; i++) {
            e[i] = -v[i];
        }
        FastMath.exp(e, e, Scratch.floats(2, n), Scratch.ints(n), n);
        for (int i = 0; i < n; i++) {
            v[i] = 1f / (1f + e[i]); // 1 / (1 + e^-z), for any z (e^-z clamped to a finite float)
        }
        a.store(v);
    }

    /** σ(z) without overflow for any z: {@code e^z / (1 + e^z)} for negative z. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** {@code g ← g ⊙ a(1 - a)}, the sigmoid's backward from its output a. */
    public static void sigmoidBackward(Matrix a, Matrix g) {
        int n = a.size();
        if (a.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double ai = a.get(i);
                g.set(i, g.get(i) * ai * (1 - ai));
            }
            return;
        }
        float[] av = a.scratch(0);
        float[] gv = g.scratch(1);
        for (int i = 0; i < n; i++) {
            gv[i] *= av[i] * (1f - av[i]);
        }
        g.store(gv);
    }

    /** {@code a = tanh(z)}; a may be z. */
    public static void tanh(Matrix z, Matrix a) {
        int n = z.size();
        if (z.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                a.set(i, Math.tanh(z.get(i)));
            }
            return;
        }
        float[] v = z.scratch(0);
        FastMath.tanh(v, v, n);
        a.store(v);
    }

    /** {@code g ← g ⊙ (1 - a²)}, tanh's backward from its output a. */
    public static void tanhBackward(Matrix a, Matrix g) {
        int n = a.size();
        if (a.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double ai = a.get(i);
                g.set(i, g.get(i) * (1 - ai * ai));
            }
            return;
        }
        float[] av = a.scratch(0);
        float[] gv = g.scratch(1);
        for (int i = 0; i < n; i++) {
            gv[i] *= 1f - av[i] * av[i];
        }
        g.store(gv);
    }

    /** The unit step {@code a = 1 if z >= 0 else 0}; a may be z. */
    public static void step(Matrix z, Matrix a) {
        int n = z.size();
        for (int i = 0; i < n; i++) {
            a.set(i, z.get(i) >= 0 ? 1 : 0);
        }
    }

    /**
     * Leaky rectifier, {@code a = max(z, 0) + alpha min(z, 0)} elementwise (ReLU for alpha = 0); a may be
     * z. Written without branches: with random signs a branch per element would be mispredicted half
     * the time, which costs more than the arithmetic.
     */
    public static void leakyRelu(Matrix z, Matrix a, double alpha) {
        int n = z.size();
        if (z.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                double x = z.get(i);
                a.set(i, x > 0 ? x : alpha * x);
            }
            return;
        }
        float[] v = z.scratch(0);
        float al = (float) alpha;
        for (int i = 0; i < n; i++) {
            float x = v[i];
            v[i] = Math.max(x, 0f) + al * Math.min(x, 0f);
        }
        a.store(v);
    }

    /**
     * Backward of {@link #leakyRelu} from its output: {@code g_i ← g_i} where {@code a_i > 0}, else
     * {@code alpha g_i} (0 for ReLU). The float path selects without branches, in float arithmetic
     * ({@link #positive}), which the JIT vectorizes (a test of a's bit pattern it does not: 0.37 vs
     * 0.1 ns per value); a zero gradient may come out as -0.
     */
    public static void leakyReluBackward(Matrix a, Matrix g, double alpha) {
        int n = a.size();
        if (a.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                if (a.get(i) <= 0) {
                    g.set(i, alpha * g.get(i));
                }
            }
            return;
        }
        float[] av = a.scratch(0);
        float[] gv = g.scratch(1);
        if (alpha == 0) {
            keepWherePositive(gv, av, n);
        } else {
            float al = (float) alpha;
            for (int i = 0; i < n; i++) {
                float p = positive(av[i]);
                float gi = gv[i];
                gv[i] = gi * p + al * gi * (1f - p); // g or alpha·g, exactly
            }
        }
        g.store(gv);
    }

    /**
     * {@code [a > 0]} as 1 or 0 in float arithmetic: {@code min(max(a, 0)·2^150, 1)} (the least
     * positive float times 2^150 is 2; NaN stays NaN).
     */
    static float positive(float a) {
        return Math.min(Math.max(a, 0f) * 0x1p126f * 0x1p24f, 1f);
    }

    /** A ReLU's mask: {@code g[i] = g[i]·[a[i] > 0]} for i in {@code [0, n)} ({@link #positive}). */
    static void keepWherePositive(float[] g, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= positive(a[i]);
        }
    }

    /**
     * Inverted dropout's mask: element i (in order) is {@code 1/(1-p)} if the generator's next
     * {@code nextDouble()} is at least p, else 0. {@code nextDouble()} is {@code u·2⁻⁵³} with
     * {@code u = nextLong() >>> 11}, so the test is {@code u ≥ ⌈p·2⁵³⌉} on integers, made without a
     * branch (which value wins is a coin toss, so a branch would be mispredicted often): the same
     * masks as drawing {@code nextDouble()}, at a fraction of the cost. Drawn into a heap copy and
     * stored in one bulk copy.
     */
    public static void dropoutMask(Matrix mask, SplittableRandom rng, double p) {
        int n = mask.size();
        double keep = 1 / (1 - p);
        long threshold = (long) Math.ceil(p * 0x1.0p53); // exact: p·2⁵³ only rescales p
        if (mask.isDouble()) {
            double[] v = Scratch.doubles(0, n);
            long keepBits = Double.doubleToRawLongBits(keep);
            for (int i = 0; i < n; i++) {
                long kept = (threshold - 1 - (rng.nextLong() >>> 11)) >> 63; // all ones iff u >= threshold
                v[i] = Double.longBitsToDouble(keepBits & kept);
            }
            mask.store(0, v, 0, n);
        } else {
            float[] v = Scratch.floats(0, n);
            int keepBits = Float.floatToRawIntBits((float) keep);
            for (int i = 0; i < n; i++) {
                int kept = (int) ((threshold - 1 - (rng.nextLong() >>> 11)) >> 63);
                v[i] = Float.intBitsToFloat(keepBits & kept);
            }
            mask.store(0, v, 0, n);
        }
    }

    /** {@code out = x ⊙ mask} (same shapes); out may be x. */
    public static void multiply(Matrix x, Matrix mask, Matrix out) {
        int n = x.size();
        if (x.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                out.set(i, x.get(i) * mask.get(i));
            }
            return;
        }
        float[] xv = x.scratch(0);
        float[] mv = mask.scratch(1);
        for (int i = 0; i < n; i++) {
            xv[i] = (float) ((double) xv[i] * mv[i]);
        }
        out.store(xv);
    }

    /** {@code y ← y + alpha x} over all elements (same shape and type). */
    public static void axpy(double alpha, Matrix x, Matrix y) {
        int n = x.size();
        if (n >= AXPY_BLAS_THRESHOLD) {
            if (y.isDouble()) {
                cblas_daxpy(n, alpha, x.doubles(), 1, y.doubles(), 1);
            } else {
                cblas_saxpy(n, (float) alpha, x.floats(), 1, y.floats(), 1);
            }
            return;
        }
        if (x.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                y.set(i, y.get(i) + alpha * x.get(i));
            }
            return;
        }
        float[] xv = x.scratch(0);
        float[] yv = y.scratch(1);
        for (int i = 0; i < n; i++) {
            yv[i] = (float) (yv[i] + alpha * xv[i]);
        }
        y.store(yv);
    }

    /** {@code m ← alpha m}. */
    public static void scale(Matrix m, double alpha) {
        int n = m.size();
        if (m.isDouble() || n < SCRATCH_THRESHOLD) {
            for (int i = 0; i < n; i++) {
                m.set(i, m.get(i) * alpha);
            }
            return;
        }
        float[] v = m.scratch(0);
        for (int i = 0; i < n; i++) {
            v[i] = (float) (v[i] * alpha);
        }
        m.store(v);
    }

    /**
     * The optimizers' gradient before their rule, on a chunk: {@code g ← c g + λ1 sign(θ) + λ2 θ} (the
     * gradient clipping factor c, the L1 and L2 penalties).
     */
    public static void penalize(float[] p, float[] g, int n, double clip, double l1, double l2) {
        float c = (float) clip;
        float a = (float) l1;
        float l = (float) l2;
        for (int i = 0; i < n; i++) {
            g[i] = c * g[i] + a * Math.signum(p[i]) + l * p[i];
        }
    }

    public static void penalize(double[] p, double[] g, int n, double clip, double l1, double l2) {
        for (int i = 0; i < n; i++) {
            g[i] = clip * g[i] + l1 * Math.signum(p[i]) + l2 * p[i];
        }
    }
}
