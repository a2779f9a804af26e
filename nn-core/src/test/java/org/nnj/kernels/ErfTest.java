package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * Cody's erf, erfc and the normal distribution and density built on them, against 200-digit
 * evaluations of their series ({@code erf(x) = (2/√π) Σ (-1)^n x^{2n+1} / (n! (2n+1))}, with π from
 * Machin's formula), within 1e-15 relative, the tails included.
 */
class ErfTest {
    static final MathContext MC = new MathContext(200);
    static final BigDecimal PI = pi();
    static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(PI.sqrt(MC), MC);

    /** π = 16 atan(1/5) - 4 atan(1/239). */
    static BigDecimal pi() {
        return atanInverse(5)
                .multiply(BigDecimal.valueOf(16))
                .subtract(atanInverse(239).multiply(BigDecimal.valueOf(4)));
    }

    /** atan(1/k) = Σ (-1)^n / ((2n+1) k^{2n+1}). */
    static BigDecimal atanInverse(int k) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(k), MC);
        BigDecimal k2 = BigDecimal.valueOf((long) k * k);
        for (int n = 0; n < 400; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = n % 2 == 0 ? sum.add(term, MC) : sum.subtract(term, MC);
            power = power.divide(k2, MC);
            if (term.compareTo(BigDecimal.ONE.movePointLeft(210)) < 0) {
                break;
            }
        }
        return sum;
    }

    /** erf(x) by its Taylor series, exact to far beyond float64 for |x| ≤ 10 (terms up to e^100). */
    static BigDecimal erf(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal power = bx; // x^{2n+1} / n!
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 0; n < 2000; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = n % 2 == 0 ? sum.add(term, MC) : sum.subtract(term, MC);
            power = power.multiply(x2, MC).divide(BigDecimal.valueOf(n + 1), MC);
            if (n > x * x && term.abs().compareTo(BigDecimal.ONE.movePointLeft(190)) < 0) {
                break;
            }
        }
        return sum.multiply(TWO_OVER_SQRT_PI, MC);
    }

    static void close(BigDecimal expected, double actual, String what) {
        double e = expected.doubleValue();
        assertTrue(
                Math.abs(actual - e) <= 1e-15 * Math.abs(e) + Double.MIN_NORMAL,
                what + ": expected " + e + ", got " + actual + " (" + (actual - e) / e + " relative)");
    }

    @Test
    void erfAndErfcAreWithinOneQuadrillionthRelative() {
        for (int i = -1000; i <= 1000; i += 3) {
            double x = i / 100.0 + 0.001;
            BigDecimal erf = erf(x);
            close(erf, Erf.erf(x), "erf(" + x + ")");
            close(BigDecimal.ONE.subtract(erf, MC), Erf.erfc(x), "erfc(" + x + ")");
        }
    }

    @Test
    void normalDistributionAndDensityAreWithinOneQuadrillionthRelativeInTheTails() {
        BigDecimal sqrt2 = BigDecimal.valueOf(2).sqrt(MC);
        for (int i = -1400; i <= 800; i += 7) {
            double z = i / 100.0 + 0.0003;
            // Φ(z) = ½ (1 + erf(z / √2)), z / √2 in 200 digits (not rounded to a double)
            BigDecimal bz = new BigDecimal(z);
            BigDecimal cdf =
                    BigDecimal.ONE.add(erfExact(bz.divide(sqrt2, MC)), MC).divide(BigDecimal.valueOf(2), MC);
            close(cdf, Erf.normalCdf(z), "Φ(" + z + ")");
            BigDecimal pdf = exp( // e^{-z²/2} / √(2π)
                    bz.multiply(bz, MC).negate().divide(BigDecimal.valueOf(2), MC))
                    .divide(PI.multiply(BigDecimal.valueOf(2), MC).sqrt(MC), MC);
            close(pdf, Erf.normalPdf(z), "φ(" + z + ")");
        }
    }

    /** erf of an exact argument, as {@link #erf(double)}. */
    static BigDecimal erfExact(BigDecimal bx) {
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal power = bx;
        BigDecimal sum = BigDecimal.ZERO;
        double xd = bx.doubleValue();
        for (int n = 0; n < 2000; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = n % 2 == 0 ? sum.add(term, MC) : sum.subtract(term, MC);
            power = power.multiply(x2, MC).divide(BigDecimal.valueOf(n + 1), MC);
            if (n > xd * xd && term.abs().compareTo(BigDecimal.ONE.movePointLeft(190)) < 0) {
                break;
            }
        }
        return sum.multiply(TWO_OVER_SQRT_PI, MC);
    }

    /** e^x for x ≤ 0 as 1 / e^{-x}, by the series of the positive exponent. */
    static BigDecimal exp(BigDecimal x) {
        BigDecimal y = x.negate();
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 3000; n++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
            if (term.compareTo(sum.movePointLeft(190)) < 0) {
                break;
            }
        }
        return BigDecimal.ONE.divide(sum, MC);
    }

    @Test
    void limitsAndSpecialValues() {
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(1.0, Erf.erf(30));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Erf.erfc(30));
        assertEquals(2.0, Erf.erfc(-30));
        assertEquals(0.0, Erf.normalCdf(-40));
        assertEquals(1.0, Erf.normalCdf(40));
        assertEquals(0.5, Erf.normalCdf(0));
        assertEquals(0.0, Erf.normalPdf(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)) && Double.isNaN(Erf.normalCdf(Double.NaN)));
        assertTrue(Double.isNaN(Erf.normalPdf(Double.NaN)));
    }
}
