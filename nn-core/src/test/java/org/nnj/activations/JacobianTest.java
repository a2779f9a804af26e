package org.nnj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.kernels.Matrix;

/** backward(a, g) must equal J^T g, with J the explicit (closed-form) Jacobian. */
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
