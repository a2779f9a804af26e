package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.kernels.Matrix;

/**
 * backward(a, g) must equal J^T g, with J the explicit (closed-form) Jacobian; for the activations that
 * need z (GELU, SiLU), backward(z, a, g) must, and the others' backward(z, a, g) is their backward(a, g).
 */
class JacobianTest {
    static List<Activation> activations() {
        return List.of(
                Activation.identity(),
                Activation.step(),
                Activation.sigmoid(),
                Activation.tanh(),
                Activation.relu(),
                Activation.leakyRelu(0.2),
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid(),
                Activation.softmax());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void backwardIsJacobianTransposeTimesGradient(Activation f) {
        for (long seed = 1; seed <= 20; seed++) {
            int n = 1 + (int) (seed % 7);
            INDArray z = TestData.gaussian(DataType.DOUBLE, 1, n, 3.0, seed);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 1, n, 1.0, seed + 100);
            Matrix a = Matrix.allocate(DataType.DOUBLE, 1, n);
            f.forward(z, a.array());
            Matrix grad = Matrix.of(g.dup(), "g");
            f.backward(a.array(), grad.array());

            Matrix j = Matrix.of(f.jacobian(z), "J");
            for (int col = 0; col < n; col++) {
                double expected = 0;
                for (int row = 0; row < n; row++) {
                    expected += j.get(row, col) * g.getDouble(0, row);
                }
                assertEquals(expected, grad.get(col), 1e-12, f + " seed " + seed + " element " + col);
            }
        }
    }

    static List<Activation> gated() {
        return List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu());
    }

    /** The gated activations' backward(z, a, g), from z, equals Jᵀ g with J their closed-form Jacobian. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gated")
    void backwardFromTheInputIsJacobianTransposeTimesGradient(Activation f) {
        assertTrue(f.needsInput(), f + " needs z");
        for (long seed = 1; seed <= 20; seed++) {
            int n = 1 + (int) (seed % 7);
            INDArray z = TestData.gaussian(DataType.DOUBLE, 1, n, 3.0, seed);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 1, n, 1.0, seed + 100);
            Matrix a = Matrix.allocate(DataType.DOUBLE, 1, n);
            f.forward(z, a.array());
            Matrix grad = Matrix.of(g.dup(), "g");
            f.backward(z, a.array(), grad.array());
            Matrix j = Matrix.of(f.jacobian(z), "J");
            for (int col = 0; col < n; col++) {
                double expected = 0;
                for (int row = 0; row < n; row++) {
                    expected += j.get(row, col) * g.getDouble(0, row);
                }
                assertEquals(expected, grad.get(col), 1e-12, f + " seed " + seed + " element " + col);
            }
        }
    }

    /** The closed-form derivatives against central differences of the values, in float64. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gated")
    void derivativesAreTheSlopesOfTheValues(Activation f) {
        ElementwiseActivation e = (ElementwiseActivation) f;
        for (double z = -9; z <= 9; z += 0.01) {
            double h = 1e-5;
            double slope = (e.value(z + h) - e.value(z - h)) / (2 * h);
            assertEquals(slope, e.derivative(z), 1e-8, f + " at " + z);
        }
    }

    @Test
    void geluValuesAreTheTabulatedOnesAndTheTanhFormIsClose() {
        ElementwiseActivation gelu = (ElementwiseActivation) Activation.gelu();
        ElementwiseActivation tanh = (ElementwiseActivation) Activation.geluTanh();
        ElementwiseActivation silu = (ElementwiseActivation) Activation.silu();
        // Φ(1) = 0.841344746068542948585, Φ(-2) = 0.022750131948179207200
        assertEquals(0.841344746068542948585, gelu.value(1), 2e-16);
        assertEquals(-2 * 0.022750131948179207200, gelu.value(-2), 1e-17);
        assertEquals(0.5, gelu.derivative(0), 0);
        assertEquals(1 / (1 + Math.exp(-1)), silu.value(1), 1e-16);
        assertEquals(0.5, silu.derivative(0), 0);
        double worst = 0;
        for (double z = -8; z <= 8; z += 0.001) {
            worst = Math.max(worst, Math.abs(tanh.value(z) - gelu.value(z)));
            double u = Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z);
            assertEquals(
                    0.5 * z * (1 + Math.tanh(u)),
                    tanh.value(z),
                    1e-15 * Math.max(1, Math.abs(z)),
                    "½ z (1 + tanh u) at " + z);
        }
        assertTrue(worst < 5e-4 && worst > 1e-4, "the tanh form is within 5e-4 of GELU: " + worst);
    }

    @Test
    void theOtherActivationsReadOnlyTheOutputAndGatedOnesRefuseIt() {
        for (Activation f : activations()) {
            assertEquals(false, f.needsInput(), f.toString());
            INDArray z = TestData.gaussian(DataType.DOUBLE, 2, 5, 2.0, 4);
            Matrix a = Matrix.allocate(DataType.DOUBLE, 2, 5);
            f.forward(z, a.array());
            INDArray g = TestData.gaussian(DataType.DOUBLE, 2, 5, 1.0, 5);
            INDArray g2 = g.dup();
            f.backward(a.array(), g);
            f.backward(TestData.gaussian(DataType.DOUBLE, 2, 5, 9.0, 6), a.array(), g2); // z is not read
            assertArrayEquals(g.data().asDouble(), g2.data().asDouble(), f.toString());
        }
        for (Activation f : gated()) {
            INDArray a = TestData.gaussian(DataType.DOUBLE, 1, 3, 1.0, 1);
            UnsupportedOperationException e =
                    assertThrows(UnsupportedOperationException.class, () -> f.backward(a, a.dup()), f.toString());
            assertTrue(e.getMessage().contains("backward(z, a, grad)"), e.getMessage());
        }
    }

    @Test
    void gatedActivationsStayFiniteForHugeInputs() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Matrix z = Matrix.of(
                    org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{-1e30, -1e4, -30, 0, 30, 1e4, 1e30}})
                            .castTo(type),
                    "z");
            for (Activation f : gated()) {
                Matrix a = Matrix.allocate(type, 1, 7);
                f.forward(z.array(), a.array());
                Matrix g = Matrix.allocate(type, 1, 7);
                g.fill(1);
                f.backward(z.array(), a.array(), g.array());
                for (int i = 0; i < 7; i++) {
                    String what = f + " " + type + " at " + z.get(i);
                    double zi = z.get(i);
                    assertEquals(zi > 0 ? zi : 0, a.get(i), Math.max(Math.ulp((float) zi), 1e-10), what + " value");
                    assertEquals(zi > 0 ? 1 : zi < 0 ? 0 : 0.5, g.get(i), 1e-6, what + " slope");
                }
            }
        }
    }

    @Test
    void sigmoidJacobianIsDiagonalAOneMinusA() {
        INDArray z = TestData.gaussian(DataType.DOUBLE, 1, 4, 2.0, 3);
        Matrix j = Matrix.of(Activation.sigmoid().jacobian(z), "J");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double a = 1 / (1 + Math.exp(-z.getDouble(0, r)));
                assertEquals(r == c ? a * (1 - a) : 0, j.get(r, c), 1e-15);
            }
        }
    }

    @Test
    void softmaxJacobianIsDiagAMinusAAT() {
        INDArray z = TestData.gaussian(DataType.DOUBLE, 1, 4, 2.0, 4);
        Matrix a = Matrix.allocate(DataType.DOUBLE, 1, 4);
        Activation.softmax().forward(z, a.array());
        Matrix j = Matrix.of(Activation.softmax().jacobian(z), "J");
        double offDiagonal = 0;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals((r == c ? a.get(r) : 0) - a.get(r) * a.get(c), j.get(r, c), 1e-15);
                offDiagonal += r == c ? 0 : Math.abs(j.get(r, c));
            }
        }
        assertEquals(true, offDiagonal > 0.01, "the softmax Jacobian is full, not diagonal");
    }

    @Test
    void stepHasZeroDerivativeAndHeavisideValues() {
        Matrix z = Matrix.of(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{-1, 0, 2.5}}), "z");
        Matrix a = Matrix.allocate(DataType.DOUBLE, 1, 3);
        Activation.step().forward(z.array(), a.array());
        assertEquals(0, a.get(0));
        assertEquals(1, a.get(1));
        assertEquals(1, a.get(2));
        Matrix g = Matrix.of(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{5, 6, 7}}), "g");
        Activation.step().backward(a.array(), g.array());
        assertEquals(0, g.get(0));
        assertEquals(0, g.get(1));
        assertEquals(0, g.get(2));
    }

    @Test
    void activationsStayFiniteForHugeInputs() {
        Matrix z = Matrix.of(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{-1e4f, 1e4f, 0f}}), "z");
        for (Activation f : activations()) {
            Matrix a = Matrix.allocate(DataType.FLOAT, 1, 3);
            f.forward(z.array(), a.array());
            for (int i = 0; i < 3; i++) {
                assertEquals(true, Double.isFinite(a.get(i)), f + " at " + z.get(i));
            }
        }
        Matrix s = Matrix.allocate(DataType.FLOAT, 1, 3);
        Activation.softmax().forward(z.array(), s.array());
        assertEquals(1.0, s.get(1), 0);
        Activation.sigmoid().forward(z.array(), s.array());
        assertEquals(0.0, s.get(0), 0);
        assertEquals(1.0, s.get(1), 0);
    }
}
