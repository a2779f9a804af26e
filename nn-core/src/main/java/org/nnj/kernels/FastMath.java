package org.nnj.kernels;

/**
 * Float32 exponential and hyperbolic tangent over arrays, written as plain loops the JIT turns into
 * SIMD code ({@code Math.exp} and {@code Math.tanh} are scalar calls, about 12 ns per element).
 * Accurate to a few units in the last place of a float (relative error below 1e-7 for exp and 4e-7
 * for tanh, checked in FastMathTest), about the precision of the float32 values they are applied to;
 * float64 kernels keep {@code Math.exp} and {@code Math.tanh}.
 */
public final class FastMath {
    /** Inputs are clamped to [EXP_MIN, EXP_MAX] so that 2^k stays a normal float. */
    static final float EXP_MIN = -87.3f;

    static final float EXP_MAX = 88.0f;

    private static final float LOG2E = 1.44269504f;
    /** ln 2 split into a part exact in float and the rest (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;

    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, in the low bits. */
    private static final float ROUND = 12582912f;

    private FastMath() {}

    /**
     * {@code out[i] = e^x[i]} for i in {@code [0, n)}, with k = round(x / ln 2), r = x - k ln 2 (|r| &lt;=
     * ln 2 / 2), {@code e^x = 2^k e^r} and e^r a degree-7 polynomial (Cephes' expf coefficients). The
     * work is split into three loops (polynomial, exponent bits, scaling) because each vectorizes on
     * its own and not together (JDK 17 does not vectorize a loop that mixes float arithmetic with
     * float-to-int bit moves: measured 4 ns per element merged, 1 ns split). {@code out} may be
     * {@code x}; {@code t} (float) and {@code bits} (int) are scratch arrays of at least n.
     */
    public static void exp(float[] x, float[] out, float[] t, int[] bits, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.max(EXP_MIN, Math.min(EXP_MAX, x[i]));
            float ti = v * LOG2E + ROUND; // k in the low bits of t's mantissa
            float k = ti - ROUND;
            float r = v - k * LN2_HI - k * LN2_LO;
            float p = 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            out[i] = p * r * r + r + 1f;
            t[i] = ti;
        }
        int bias = Float.floatToRawIntBits(ROUND) - 127;
        for (int i = 0; i < n; i++) {
            bits[i] = (Float.floatToRawIntBits(t[i]) - bias) << 23; // the float 2^k
        }
        for (int i = 0; i < n; i++) {
            out[i] *= Float.intBitsToFloat(bits[i]);
        }
    }

    /**
     * {@code out[i] = tanh(x[i])} as the rational function Eigen uses for float32: x clamped to
     * ±7.905 (where tanh rounds to ±1), then {@code x p(x²) / q(x²)} with p of degree 6 and q of
     * degree 3 in x²; accurate near 0 as well (no cancellation). {@code out} may be {@code x}.
     */
    public static void tanh(float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x[i]));
            float v2 = v * v;
            float p = -2.76076847742355e-16f;
            p = p * v2 + 2.00018790482477e-13f;
            p = p * v2 - 8.60467152213735e-11f;
            p = p * v2 + 5.12229709037114e-08f;
            p = p * v2 + 1.48572235717979e-05f;
            p = p * v2 + 6.37261928875436e-04f;
            p = p * v2 + 4.89352455891786e-03f;
            float q = 1.19825839466702e-06f;
            q = q * v2 + 1.18534705686654e-04f;
            q = q * v2 + 2.26843463243900e-03f;
            q = q * v2 + 4.89352518554385e-03f;
            out[i] = v * p / q;
        }
    }
}
