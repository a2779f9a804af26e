package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * The rule of the kernels package for activations: the batch kernels (forward and backward, in
 * {@code kernels.Elementwise} and {@code kernels.Rows}) equal each activation's scalar reference
 * ({@code value}, {@code derivative}; softmax's row formula) element by element, in float64 within
 * 1e-14 relative and in float32 within 4 float32 ulps of the float64 reference (the fast float32
 * exp in sigmoid, tanh and softmax is accurate to about 2 ulps), plus, for a gradient read from the
 * output, 2 |g| · 5 ulp(a), and for softmax k ulps (its row sum of k terms), for batches below and above the size
 * where the float32 loops switch to heap scratch arrays. Planted bugs in a kernel (a wrong leaky slope,
 * sigmoid's derivative as a(1 + a)) make it fail.
 *
 * <p>The gated activations (GELU, its tanh form, SiLU: backward from z) are held to their references
 * on Gaussian batches of the sizes above and below one block of their loops, and on a fine grid over
 * [-20, 20]: float64 within 1e-14 relative; float32 within {@link #gatedUlps} ulps of the value, and of
 * the sum of the derivative's terms' sizes for the gradient (f' crosses 0 where its terms cancel), plus
 * 1e-35 (where the loops set the gate to 0 or 1).
 */
class ActivationKernelsTest {
    static final List<ElementwiseActivation> ELEMENTWISE = List.of(
            (ElementwiseActivation) Activation.identity(),
            (ElementwiseActivation) Activation.relu(),
            (ElementwiseActivation) Activation.leakyRelu(0.07),
            (ElementwiseActivation) Activation.sigmoid(),
            (ElementwiseActivation) Activation.tanh(),
            (ElementwiseActivation) Activation.step(),
            (ElementwiseActivation) Activation.elu(0.7),
            (ElementwiseActivation) Activation.selu(),
            (ElementwiseActivation) Activation.softplus(),
            (ElementwiseActivation) Activation.softsign(),
            (ElementwiseActivation) Activation.hardSigmoid());

    static final List<ElementwiseActivation> GATED = List.of(
            (ElementwiseActivation) Activation.gelu(),
            (ElementwiseActivation) Activation.geluTanh(),
            (ElementwiseActivation) Activation.silu());

    /**
     * The float32 bound in ulps: 8 for GELU (Numerical Recipes' erfc, ~1 ulp, and two fast exps) and
     * SiLU; for the tanh form {@code 8 + 4 |2u|}, 2u the sigmoid's argument, which float32 rounds to
     * about 2 ulp(2u) and the exponential turns into that relative error.
     */
    static double gatedUlps(Activation f, double z) {
        if (f != Activation.geluTanh()) {
            return 8;
        }
        double u2 =
                2 * org.nnj.kernels.GatedActivations.TANH_C * z * (1 + org.nnj.kernels.GatedActivations.TANH_K * z * z);
        return 8 + 4 * Math.abs(u2);
    }

    /** The sum of the sizes of f'(z)'s terms (the scale of its float32 rounding). */
    static double derivativeTerms(Activation f, double z) {
        if (f == Activation.gelu()) {
            return org.nnj.kernels.Erf.normalCdf(z) + Math.abs(z * org.nnj.kernels.Erf.normalPdf(z)); // Φ + |z φ|
        }
        double k = org.nnj.kernels.GatedActivations.TANH_K;
        double c = org.nnj.kernels.GatedActivations.TANH_C;
        double u2 = f == Activation.silu() ? z : 2 * c * z * (1 + k * z * z);
        double s = Elementwise.sigmoid(u2);
        double slope = f == Activation.silu() ? 1 : 2 * c * (1 + 3 * k * z * z);
        return s + Math.abs(z * s * Elementwise.sigmoid(-u2) * slope); // s + |z s (1 - s) (2u)'|
    }

    static void gatedClose(ElementwiseActivation f, INDArray zArray, INDArray gArray, DataType type, String where) {
        Matrix zm = Matrix.of(zArray, "z");
        Matrix gm = Matrix.of(gArray, "g");
        Matrix a = Matrix.allocate(type, zm.rows(), zm.cols());
        f.forward(zm.array(), a.array());
        Matrix grad = Matrix.of(gArray.dup(), "grad");
        f.backward(zm.array(), a.array(), grad.array());
        for (int i = 0; i < zm.size(); i++) {
            double zi = zm.get(i);
            String what = f + " " + type + " " + where + " element " + i + " (z = " + zi + ")";
            double v = f.value(zi);
            double dv = gm.get(i) * f.derivative(zi);
            if (type == DataType.DOUBLE) {
                close(v, a.get(i), type, what + " value");
                close(dv, grad.get(i), type, what + " gradient");
                continue;
            }
            double ulps = gatedUlps(f, zi);
            double tv = ulps * Math.ulp((float) Math.max(Math.abs(v), Float.MIN_NORMAL)) + 1e-35;
            assertTrue(Math.abs(a.get(i) - v) <= tv, what + " value: expected " + v + ", got " + a.get(i));
            double td = Math.abs(gm.get(i))
                    * (ulps * Math.ulp((float) Math.max(derivativeTerms(f, zi), Float.MIN_NORMAL)) + 1e-35);
            assertTrue(Math.abs(grad.get(i) - dv) <= td, what + " gradient: expected " + dv + ", got " + grad.get(i));
        }
    }

    @Test
    void gatedKernelsEqualTheScalarReference() {
        int[] sizes = {Elementwise.SCRATCH_THRESHOLD / 4, 3 * Elementwise.SCRATCH_THRESHOLD + 5};
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (ElementwiseActivation f : GATED) {
                for (int n : sizes) {
                    gatedClose(
                            f,
                            TestData.gaussian(type, 3, n, 4.0, n),
                            TestData.gaussian(type, 3, n, 1.0, n + 1),
                            type,
                            "n=" + n);
                }
                int n = 40_001; // every 0.001 over [-20, 20], 79 blocks
                Matrix z = Matrix.allocate(type, 1, n);
                for (int i = 0; i < n; i++) {
                    z.set(i, -20 + 40.0 * i / (n - 1));
                }
                gatedClose(f, z.array(), TestData.gaussian(type, 1, n, 1.0, 5), type, "grid");
            }
        }
    }

    static void close(double expected, double actual, DataType type, String what) {
        close(expected, actual, type, 0, what);
    }

    /** Within 1e-14 relative (float64) or 4 float32 ulps plus {@code extra} (float32). */
    static void close(double expected, double actual, DataType type, double extra, String what) {
        double tol = type == DataType.DOUBLE
                ? 1e-14 * Math.max(1, Math.abs(expected))
                : 4 * Math.ulp((float) Math.max(Math.abs(expected), Float.MIN_NORMAL)) + extra;
        assertTrue(
                Math.abs(expected - actual) <= tol,
                what + ": expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
    }

    @Test
    void elementwiseKernelsEqualTheScalarReference() {
        int[] sizes = {Elementwise.SCRATCH_THRESHOLD / 4, 3 * Elementwise.SCRATCH_THRESHOLD + 5};
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (ElementwiseActivation f : ELEMENTWISE) {
                for (int n : sizes) {
                    INDArray z = TestData.gaussian(type, 3, n, 4.0, n);
                    INDArray g = TestData.gaussian(type, 3, n, 1.0, n + 1);
                    Matrix zm = Matrix.of(z, "z");
                    Matrix gm = Matrix.of(g, "g");
                    Matrix a = Matrix.allocate(type, 3, n);
                    f.forward(z, a.array());
                    Matrix grad = Matrix.of(g.dup(), "grad");
                    f.backward(a.array(), grad.array());
                    for (int i = 0; i < zm.size(); i++) {
                        double zi = zm.get(i);
                        String what = f + " " + type + " n=" + n + " element " + i + " (z = " + zi + ")";
                        close(f.value(zi), a.get(i), type, what + " value");
                        // backward reads f' from the stored output a (as every framework does): in float32 a
                        // is off by up to the 4 ulps above plus its rounding, and f'(a) moves by at most 2 |Δa|
                        // (|d(a(1-a))/da| <= 1, |d(1-a²)/da| <= 2)
                        double fromA = 2 * Math.abs(gm.get(i)) * 5 * Math.ulp((float) a.get(i));
                        close(gm.get(i) * f.derivative(zi), grad.get(i), type, fromA, what + " gradient");
                    }
                }
            }
        }
    }

    @Test
    void softmaxKernelsEqualTheRowFormula() {
        Activation softmax = Activation.softmax();
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            for (int k : new int[] {3, 10, 130}) {
                INDArray z = TestData.gaussian(type, 5, k, 5.0, k);
                INDArray g = TestData.gaussian(type, 5, k, 1.0, k + 1);
                Matrix zm = Matrix.of(z, "z");
                Matrix gm = Matrix.of(g, "g");
                Matrix a = Matrix.allocate(type, 5, k);
                softmax.forward(z, a.array());
                Matrix grad = Matrix.of(g.dup(), "grad");
                softmax.backward(a.array(), grad.array());
                for (int r = 0; r < 5; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, zm.get(r, c));
                    }
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        sum += Math.exp(zm.get(r, c) - max);
                    }
                    double[] p = new double[k];
                    double dot = 0;
                    for (int c = 0; c < k; c++) {
                        p[c] = Math.exp(zm.get(r, c) - max) / sum; // a_c = e^{z_c} / Σ e^{z_j}
                        dot += p[c] * gm.get(r, c);
                    }
                    for (int c = 0; c < k; c++) {
                        String what = "softmax " + type + " k=" + k + " row " + r + " column " + c;
                        // float32: the row's sum of k exponentials adds up to k roundings
                        close(p[c], a.get(r, c), type, k * Math.ulp((float) p[c]), what + " value");
                        // J^T g = a ⊙ (g - a·g), with a the kernel's own output as the kernel uses it
                        double expected = a.get(r, c) * (gm.get(r, c) - rowDot(a, gm, r, k));
                        close(
                                expected,
                                grad.get(r, c),
                                type,
                                k * Math.ulp((float) Math.abs(expected)),
                                what + " gradient");
                    }
                }
            }
        }
    }

    private static double rowDot(Matrix a, Matrix g, int r, int k) {
        double s = 0;
        for (int c = 0; c < k; c++) {
            s += a.get(r, c) * g.get(r, c);
        }
        return s;
    }
}
