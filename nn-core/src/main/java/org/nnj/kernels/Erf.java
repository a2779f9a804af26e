package org.nnj.kernels;

/**
 * The error function in float64, W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631-637; the coefficients of his
 * SPECFUN routine CALERF, as SciPy and SLATEC use them), and from it the standard normal
 * distribution {@code Φ(z) = ½ (1 + erf(z / √2)) = ½ erfc(-z / √2)} and density
 * {@code φ(z) = e^{-z²/2} / √(2π)}, which GELU is made of.
 *
 * <p>{@code erf(x) = (2 / √π) ∫_0^x e^{-t²} dt}. With {@code y = |x|}:
 * <ul>
 *   <li>{@code y ≤ 0.46875}: {@code erf(x) = x R_1(x²)}, R_1 a (4, 4) rational;</li>
 *   <li>{@code 0.46875 < y ≤ 4}: {@code erfc(y) = e^{-y²} R_2(y)}, R_2 an (8, 8) rational;</li>
 *   <li>{@code y > 4}: {@code erfc(y) = (e^{-y²} / y) (1/√π + y^{-2} R_3(y^{-2}))}, R_3 a (5, 5)
 *       rational (0 from y = 26.543, where erfc underflows);</li>
 * </ul>
 * and {@code erfc(-y) = 2 - erfc(y)}. The factor {@code e^{-y²}} is computed as
 * {@code e^{-s²} e^{-(y - s)(y + s)}} with {@code s = ⌊16 y⌋ / 16}, whose square is exact, so that the
 * rounding of y² is not magnified by the exponential. Each result is within a few units in the last
 * place, relative, in the tails too ({@code ErfTest} holds them to 1e-15 of 200-digit series).
 */
public final class Erf {
    private Erf() {}

    /** 1 / √π. */
    private static final double INV_SQRT_PI = 5.6418958354775628695e-1;
    /** 1 / √2. */
    static final double INV_SQRT2 = 0.70710678118654752440;
    /** 1 / √(2π). */
    static final double INV_SQRT_2PI = 0.39894228040143267794;
    /** Below this |x|, x² is negligible against 1 in R_1. */
    private static final double X_TINY = 1.11e-16;
    /** From this y on, erfc(y) underflows to 0. */
    private static final double X_BIG = 26.543;

    private static final double[] A = {
        3.16112374387056560e00,
        1.13864154151050156e02,
        3.77485237685302021e02,
        3.20937758913846947e03,
        1.85777706184603153e-1
    };
    private static final double[] B = {
        2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
    };
    private static final double[] C = {
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
        8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
        2.15311535474403846e-8
    };
    private static final double[] D = {
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
        3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03
    };
    private static final double[] P = {
        3.05326634961232344e-1,
        3.60344899949804439e-1,
        1.25781726111229246e-1,
        1.60837851487422766e-2,
        6.58749161529837803e-4,
        1.63153871373020978e-2
    };
    private static final double[] Q = {
        2.56852019228982242e00,
        1.87295284992346047e00,
        5.27905102951428412e-1,
        6.05183413124413191e-2,
        2.33520497626869185e-3
    };

    /** {@code erf(x)}. */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= 0.46875) {
            return small(x);
        }
        double r = 1 - tail(y, expMinusSquare(y)); // erf(y) = 1 - erfc(y)
        return x < 0 ? -r : r;
    }

    /** {@code erfc(x) = 1 - erf(x)}, without cancellation for large x. */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= 0.46875) {
            return 1 - small(x);
        }
        double r = tail(y, expMinusSquare(y));
        return x < 0 ? 2 - r : r;
    }

    /**
     * {@code Φ(z) = ½ erfc(-z / √2)}, the standard normal distribution, accurate relative to its value
     * in the lower tail as well: the tail's factor {@code e^{-z²/2}} is computed from z itself, not from
     * the rounded {@code z / √2}.
     */
    public static double normalCdf(double z) {
        double x = Math.abs(z);
        double y = x * INV_SQRT2;
        if (y <= 0.46875) {
            return 0.5 + 0.5 * small(z * INV_SQRT2); // ½ (1 + erf(z / √2))
        }
        double lower = 0.5 * tail(y, expMinusHalfSquare(x)); // Φ(-|z|) = ½ erfc(|z| / √2)
        return z < 0 ? lower : 1 - lower;
    }

    /** {@code φ(z) = e^{-z²/2} / √(2π)}, the standard normal density. */
    public static double normalPdf(double z) {
        return INV_SQRT_2PI * expMinusHalfSquare(Math.abs(z));
    }

    /** {@code erf(x) = x R_1(x²)} for {@code |x| ≤ 0.46875}. */
    private static double small(double x) {
        double y = Math.abs(x);
        double ysq = y > X_TINY ? y * y : 0;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /** {@code erfc(y)} for {@code y > 0.46875}, given {@code e^{-y²}}: R_2 up to 4, R_3 above. */
    private static double tail(double y, double expMinusY2) {
        if (y >= X_BIG) {
            return 0;
        }
        double r;
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            r = (num + C[7]) / (den + D[7]);
        } else {
            double ysq = 1 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            r = (INV_SQRT_PI - ysq * (num + P[4]) / (den + Q[4])) / y;
        }
        return expMinusY2 * r;
    }

    /** {@code e^{-y²}} for y ≥ 0 as {@code e^{-s²} e^{-(y - s)(y + s)}}, s = ⌊16 y⌋ / 16. */
    private static double expMinusSquare(double y) {
        if (!(y < 28)) {
            return y >= 28 ? 0 : y; // e^{-784} is 0 in float64 (and NaN stays NaN)
        }
        double s = Math.floor(16 * y) / 16;
        return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
    }

    /** {@code e^{-x²/2}} for x ≥ 0 as {@code e^{-s²/2} e^{-(x - s)(x + s)/2}}, s = ⌊16 x⌋ / 16. */
    static double expMinusHalfSquare(double x) {
        if (!(x < 40)) {
            return x >= 40 ? 0 : x; // e^{-800} is 0 in float64 (and NaN stays NaN)
        }
        double s = Math.floor(16 * x) / 16;
        return Math.exp(-0.5 * s * s) * Math.exp(-0.5 * (x - s) * (x + s));
    }
}
