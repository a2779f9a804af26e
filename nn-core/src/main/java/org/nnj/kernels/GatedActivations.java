package org.nnj.kernels;

/**
 * The batch loops of the gated activations {@code f(z) = z g(z)}, whose derivative needs the input z
 * (they are not monotonic, so z cannot be read back from the output): GELU ({@code g = Φ}, the
 * standard normal distribution), its tanh approximation ({@code g = σ(2u)}, {@code u = √(2/π)(z +
 * 0.044715 z³)}) and SiLU ({@code g = σ}). Forward {@code a = z g(z)} (a may be z); backward {@code
 * grad ← grad ⊙ f'(z)} from z. The equations are in the activation classes ({@code activations.GELU},
 * {@code GELUTanh}, {@code SiLU}); {@code ActivationKernelsTest} holds these loops to their scalar
 * references.
 *
 * <p>Both types run block by block ({@value #BLOCK} elements, one bulk copy in and out of the direct
 * buffer each) over per-thread heap arrays. Float32 loops are branch-free float arithmetic (min, max,
 * division) with {@link FastMath#exp}, which the JIT turns into SIMD code; where g is 0 or 1 to
 * float32's range (GELU beyond |z| = 13.2, GELU-tanh below z = -10, SiLU below -87) a branch-free
 * step sets it so, and f and f' there are within 1e-35 of their exact values. Float64 loops use
 * {@link Erf} and {@code Math.exp}, one element at a time.
 *
 * <p>Float32 GELU uses Numerical Recipes' erfc (a Chebyshev fit, fractional error below 1.2e-7):
 * {@code erfc(y) = t e^{-y² + P(t)}}, {@code t = 1 / (1 + y/2)}, P of degree 9, with {@code y² = z²/2}
 * split into its float32 rounding and the exact rest (Veltkamp and Dekker's product) so that the exponential's argument is not
 * rounded at large |z|: {@code Φ(-|z|) = ½ t e^{-z²/2} e^{P(t)}}, {@code Φ(|z|) = 1 - Φ(-|z|)}.
 *
 * <p>Float32 accuracy against the float64 definitions (measured every 1e-4 over [-20, 20]; {@code
 * ActivationKernelsTest} asserts 8 ulps): GELU's value within 6.7 ulps and its derivative within 6.6
 * ulps of the sum of its terms' sizes ({@code Φ + |z φ|}: f' crosses 0 at z = -0.75, where they
 * cancel); SiLU within 2.7 and 3.3. The tanh form is within 14 ulps for |z| ≤ 3 but grows as
 * {@code 8 + 4 |2u|} ulps in the lower tail (181 at z = -9, where f = -2e-28): its sigmoid's argument
 * 2u is rounded to float32 before the exponential, which turns that rounding into relative error (an
 * exact argument would need double-float products, which JDK 17 does not vectorize).
 */
public final class GatedActivations {
    /** Elements per block: seven float arrays of this size stay in the first-level cache. */
    static final int BLOCK = 512;

    /** √(2/π) and the cubic's 0.044715, as in Hendrycks and Gimpel and PyTorch's approximate='tanh'. */
    public static final double TANH_C = 0.79788456080286535588;

    public static final double TANH_K = 0.044715;

    /** Where the float32 gates are taken as exactly 0 or 1 (see the class comment). */
    static final float GELU_CUT = 13.2f;

    static final float TANH_CUT = 10f;
    static final float SILU_CUT = 87f;
    /** 2^100: {@code min(1, max(0, x · 2^100))} is the step [x > 0] for |x| ≥ 2^-100. */
    private static final float HUGE = 0x1p100f;

    private static final float INV_SQRT2 = (float) Erf.INV_SQRT2;
    private static final float INV_SQRT_2PI = (float) Erf.INV_SQRT_2PI;
    private static final float TWO_C = (float) (2 * TANH_C);
    private static final float K = (float) TANH_K;
    private static final float SIX_CK = (float) (6 * TANH_C * TANH_K);

    private GatedActivations() {}

    private enum Gate {
        GELU,
        GELU_TANH,
        SILU
    }

    /** {@code a = z Φ(z)}. */
    public static void gelu(Matrix z, Matrix a) {
        run(Gate.GELU, z, a, false);
    }

    /** {@code g ← g ⊙ (Φ(z) + z φ(z))}. */
    public static void geluBackward(Matrix z, Matrix g) {
        run(Gate.GELU, z, g, true);
    }

    /** {@code a = z σ(2u)}, u = √(2/π)(z + 0.044715 z³). */
    public static void geluTanh(Matrix z, Matrix a) {
        run(Gate.GELU_TANH, z, a, false);
    }

    /** {@code g ← g ⊙ (s + z s (1 - s) 2√(2/π)(1 + 3 · 0.044715 z²))}, s = σ(2u). */
    public static void geluTanhBackward(Matrix z, Matrix g) {
        run(Gate.GELU_TANH, z, g, true);
    }

    /** {@code a = z σ(z)}. */
    public static void silu(Matrix z, Matrix a) {
        run(Gate.SILU, z, a, false);
    }

    /** {@code g ← g ⊙ σ(z)(1 + z (1 - σ(z)))}. */
    public static void siluBackward(Matrix z, Matrix g) {
        run(Gate.SILU, z, g, true);
    }

    /** The per-thread block arrays. */
    private static final class Block {
        final float[] z = new float[BLOCK];
        final float[] g = new float[BLOCK];
        final float[] e1 = new float[BLOCK];
        final float[] e2 = new float[BLOCK];
        final float[] t = new float[BLOCK];
        final float[] lo = new float[BLOCK];
        final float[] tmp = new float[BLOCK];
        final int[] bits = new int[BLOCK];
        final double[] dz = new double[BLOCK];
        final double[] dg = new double[BLOCK];
    }

    private static final ThreadLocal<Block> BLOCKS = ThreadLocal.withInitial(Block::new);

    /** Forward: out = a (may be z); backward: out = g, multiplied by f'(z). */
    private static void run(Gate gate, Matrix z, Matrix out, boolean backward) {
        Block b = BLOCKS.get();
        int n = z.size();
        for (int from = 0; from < n; from += BLOCK) {
            int m = Math.min(BLOCK, n - from);
            if (z.isDouble()) {
                z.load(from, b.dz, 0, m);
                if (backward) {
                    out.load(from, b.dg, 0, m);
                }
                switch (gate) {
                    case GELU -> geluDouble(b.dz, b.dg, m, backward);
                    case GELU_TANH -> geluTanhDouble(b.dz, b.dg, m, backward);
                    case SILU -> siluDouble(b.dz, b.dg, m, backward);
                }
                out.store(from, b.dg, 0, m);
            } else {
                z.load(from, b.z, 0, m);
                if (backward) {
                    out.load(from, b.g, 0, m);
                }
                switch (gate) {
                    case GELU -> geluFloat(b, m, backward);
                    case GELU_TANH -> geluTanhFloat(b, m, backward);
                    case SILU -> siluFloat(b, m, backward);
                }
                out.store(from, b.g, 0, m);
            }
        }
    }

    private static float step(float x) { // 1 for x ≥ 2^-100, 0 for x ≤ 0, NaN for NaN
        return Math.min(1f, Math.max(0f, x * HUGE));
    }

    /**
     * The loops are short on purpose: C2 (JDK 17) vectorizes each of them, but not their fusion (one
     * body with the polynomial, the square's split and four stores ran 3 times slower).
     */
    private static void geluFloat(Block b, int m, boolean backward) {
        float[] z = b.z;
        float[] e1 = b.e1;
        float[] e2 = b.e2;
        float[] t = b.t;
        float[] lo = b.lo;
        for (int i = 0; i < m; i++) {
            float x = Math.min(Math.abs(z[i]), GELU_CUT);
            float ti = 1f / (1f + 0.5f * INV_SQRT2 * x); // t = 1 / (1 + y/2), y = |z| / √2
            float p = 0.17087277f;
            p = p * ti - 0.82215223f;
            p = p * ti + 1.48851587f;
            p = p * ti - 1.13520398f;
            p = p * ti + 0.27886807f;
            p = p * ti - 0.18628806f;
            p = p * ti + 0.09678418f;
            p = p * ti + 0.37409196f;
            p = p * ti + 1.00002368f;
            e2[i] = p * ti - 1.26551223f; // P(t)
            t[i] = ti;
        }
        for (int i = 0; i < m; i++) {
            float x = Math.min(Math.abs(z[i]), GELU_CUT);
            float sq = x * x;
            float c = 4097f * x; // Veltkamp's split x = xh + xl (12 bits each): xh², xh xl, xl² are exact
            float xh = c - (c - x);
            float xl = x - xh;
            float half = 0.5f * (((xh * xh - sq) + 2f * xh * xl) + xl * xl); // z²/2 = sq/2 + half, exactly
            e1[i] = -0.5f * sq;
            e2[i] -= half;
            lo[i] = half;
        }
        FastMath.exp(e1, e1, b.tmp, b.bits, m); // e^{-sq/2}
        FastMath.exp(e2, e2, b.tmp, b.bits, m); // e^{P(t) - half}
        for (int i = 0; i < m; i++) {
            float gauss = e1[i] * step(GELU_CUT - Math.abs(z[i])); // e^{-sq/2}, 0 beyond the cut
            e1[i] = gauss;
            t[i] = 0.5f * t[i] * gauss * e2[i]; // Φ(-|z|) = ½ t e^{-z²/2 + P(t)}
        }
        float[] g = b.g;
        if (!backward) {
            for (int i = 0; i < m; i++) {
                float x = z[i];
                g[i] = x * (t[i] + step(x) * (1f - 2f * t[i])); // z Φ(z)
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            float x = z[i];
            float cdf = t[i] + step(x) * (1f - 2f * t[i]);
            float pdf = INV_SQRT_2PI * e1[i] * (1f - lo[i]); // e^{-half} = 1 - half to float32
            g[i] *= cdf + x * pdf;
        }
    }

    private static void geluTanhFloat(Block b, int m, boolean backward) {
        float[] z = b.z;
        float[] e = b.e1;
        for (int i = 0; i < m; i++) {
            float x = Math.max(-TANH_CUT, Math.min(TANH_CUT, z[i]));
            e[i] = -TWO_C * x * (1f + K * x * x); // -2u
        }
        FastMath.exp(e, e, b.tmp, b.bits, m);
        float[] g = b.g;
        if (!backward) {
            for (int i = 0; i < m; i++) {
                float x = z[i];
                g[i] = x * (step(x + TANH_CUT) / (1f + e[i])); // z σ(2u)
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            float x = z[i];
            float xc = Math.max(-TANH_CUT, Math.min(TANH_CUT, x));
            float r = 1f / (1f + e[i]);
            float s = step(x + TANH_CUT) * r; // σ(2u)
            float sm = e[i] * r; // 1 - σ(2u) = σ(-2u)
            g[i] *= s + xc * s * sm * (TWO_C + SIX_CK * xc * xc);
        }
    }

    private static void siluFloat(Block b, int m, boolean backward) {
        float[] z = b.z;
        float[] e = b.e1;
        for (int i = 0; i < m; i++) {
            e[i] = -z[i];
        }
        FastMath.exp(e, e, b.tmp, b.bits, m); // e^{-z}, its argument clamped to [-87.3, 88]
        float[] g = b.g;
        if (!backward) {
            for (int i = 0; i < m; i++) {
                float x = z[i];
                g[i] = x * (step(x + SILU_CUT) / (1f + e[i])); // z σ(z)
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            float x = z[i];
            float xc = Math.max(-88f, Math.min(88f, x));
            float r = 1f / (1f + e[i]);
            float s = step(x + SILU_CUT) * r; // σ(z)
            g[i] *= s * (1f + xc * (e[i] * r)); // σ(z)(1 + z σ(-z))
        }
    }

    private static void geluDouble(double[] z, double[] g, int m, boolean backward) {
        for (int i = 0; i < m; i++) {
            double x = z[i];
            double cdf = Erf.normalCdf(x);
            g[i] = backward ? g[i] * (cdf + x * Erf.normalPdf(x)) : x * cdf;
        }
    }

    private static void geluTanhDouble(double[] z, double[] g, int m, boolean backward) {
        for (int i = 0; i < m; i++) {
            double x = z[i];
            double xc = Math.max(-40, Math.min(40, x)); // beyond, σ(2u) is 0 or 1 in float64
            double u2 = 2 * TANH_C * xc * (1 + TANH_K * xc * xc);
            double e = Math.exp(-Math.abs(u2));
            double r = 1 / (1 + e);
            double s = u2 >= 0 ? r : e * r; // σ(2u)
            double sm = u2 >= 0 ? e * r : r; // σ(-2u)
            g[i] = backward ? g[i] * (s + xc * s * sm * 2 * TANH_C * (1 + 3 * TANH_K * xc * xc)) : x * s;
        }
    }

    private static void siluDouble(double[] z, double[] g, int m, boolean backward) {
        for (int i = 0; i < m; i++) {
            double x = z[i];
            double e = Math.exp(-Math.abs(x));
            double r = 1 / (1 + e);
            double s = x >= 0 ? r : e * r; // σ(z)
            double sm = x >= 0 ? e * r : r; // σ(-z)
            g[i] = backward ? g[i] * s * (1 + x * sm) : x * s;
        }
    }
}
