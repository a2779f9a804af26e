package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Matrix;

class DenseTest {
    /** The princyok tutorial's worked example, with its columns as our rows. */
    @Test
    void tutorialWorkedExample() {
        Dense unit = new Dense(2, 1, Activation.step());
        unit.build(DataType.DOUBLE, new Random(0));
        unit.weight().assign(Nd4j.createFromArray(new double[][] {{0.5, -0.3}}));
        unit.bias().assign(0);
        INDArray x = Nd4j.createFromArray(new double[][] {{6.5233, 1.5484}, {9.2112, 12.7141}, {1.7315, 45.6200}});

        Dense linear = new Dense(2, 1);
        linear.build(DataType.DOUBLE, new Random(0));
        linear.weight().assign(unit.weight());
        linear.bias().assign(0);
        INDArray z = linear.forward(x);
        assertEquals(2.79713, z.getDouble(0, 0), 1e-5);
        assertEquals(0.79137, z.getDouble(1, 0), 1e-5);
        assertEquals(-12.8202, z.getDouble(2, 0), 1e-4);

        INDArray a = unit.forward(x);
        assertArrayEquals(new double[] {1, 1, 0}, a.reshape(3).toDoubleVector(), 0);
    }

    @Test
    void forwardIsXWTransposePlusB() {
        Dense d = new Dense(3, 2, Activation.identity(), Initializer.normal(1), Initializer.normal(1));
        d.build(DataType.DOUBLE, new Random(4));
        INDArray x = TestData.gaussian(DataType.DOUBLE, 5, 3, 1, 8);
        INDArray expected = x.mmul(d.weight().transpose()).addRowVector(d.bias());
        INDArray got = d.forward(x);
        assertTrue(expected.equalsWithEps(got, 1e-12), got + " vs " + expected);
    }

    @Test
    void backwardMatchesTheTutorialFormulas() {
        Dense d = new Dense(3, 2, Activation.sigmoid(), Initializer.normal(1), Initializer.normal(1));
        d.build(DataType.DOUBLE, new Random(4));
        INDArray x = TestData.gaussian(DataType.DOUBLE, 5, 3, 1, 8);
        INDArray a = d.forward(x);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 5, 2, 1, 9);
        INDArray dx = d.backward(g);
        INDArray dz = g.mul(a.mul(a.rsub(1))); // dJ/dz = dJ/da ⊙ a(1-a)
        assertTrue(dz.transpose().mmul(x).equalsWithEps(d.weightGradient(), 1e-12)); // dJ/dW = dZ^T X
        assertTrue(dz.sum(0).reshape(1, 2).equalsWithEps(d.biasGradient(), 1e-12)); // dJ/db = Σ dZ
        assertTrue(dz.mmul(d.weight()).equalsWithEps(dx, 1e-12)); // dJ/dX = dZ W
    }

    @Test
    void layerJacobianMatchesBackwardForEveryActivation() {
        for (Activation f : new Activation[] {
            Activation.sigmoid(),
            Activation.softmax(),
            Activation.relu(),
            Activation.tanh(),
            Activation.leakyRelu(0.05),
            Activation.identity(),
            Activation.gelu(),
            Activation.geluTanh(),
            Activation.silu()
        }) {
            Dense d = new Dense(4, 3, f, Initializer.normal(1), Initializer.normal(0.5));
            d.build(DataType.DOUBLE, new Random(2));
            INDArray x = TestData.gaussian(DataType.DOUBLE, 1, 4, 1, 3);
            Matrix j = Matrix.of(d.jacobian(x), "J");
            assertEquals(3, j.rows());
            assertEquals(4, j.cols());
            d.forward(x);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 1, 3, 1, 5);
            Matrix dx = Matrix.of(d.backward(g), "dx");
            for (int c = 0; c < 4; c++) {
                double expected = 0;
                for (int r = 0; r < 3; r++) {
                    expected += j.get(r, c) * g.getDouble(0, r);
                }
                assertEquals(expected, dx.get(c), 1e-12, f.name());
            }
        }
    }

    @Test
    void blasAndLoopPathsAgree() {
        // 64 x 50 x 40 takes the BLAS path; the same product row by row takes the loop path.
        Dense d = new Dense(50, 40, Activation.tanh(), Initializer.normal(0.2), Initializer.normal(0.2));
        d.build(DataType.FLOAT, new Random(1));
        INDArray x = TestData.gaussian(DataType.FLOAT, 64, 50, 1, 2);
        INDArray batch = d.forward(x);
        INDArray gBatch = TestData.gaussian(DataType.FLOAT, 64, 40, 1, 3);
        INDArray dxBatch = d.backward(gBatch);
        INDArray dwBatch = d.weightGradient().dup();
        INDArray dwSum = Nd4j.zeros(DataType.FLOAT, 40, 50);
        for (int r = 0; r < 64; r++) {
            INDArray row = x.getRow(r, true);
            INDArray single = d.forward(row);
            assertTrue(single.equalsWithEps(batch.getRow(r, true), 1e-5), "row " + r);
            INDArray dx = d.backward(gBatch.getRow(r, true));
            assertTrue(dx.equalsWithEps(dxBatch.getRow(r, true), 1e-4), "dx row " + r);
            dwSum.addi(d.weightGradient());
        }
        assertTrue(dwSum.equalsWithEps(dwBatch, 1e-3));
    }

    @Test
    void rejectsBadInputNamingTheLayerAndShapes() {
        Dense d = new Dense(3, 2);
        assertThrows(IllegalStateException.class, () -> d.forward(Nd4j.zeros(DataType.FLOAT, 1, 3)));
        d.build(DataType.FLOAT, new Random(0));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> d.forward(Nd4j.zeros(DataType.FLOAT, 4, 5)));
        assertTrue(
                e.getMessage().contains("Dense(3→2)")
                        && e.getMessage().contains("[4, 5]")
                        && e.getMessage().contains("[batch, 3]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dense(2, -1));
        assertThrows(IllegalStateException.class, () -> d.build(DataType.FLOAT, new Random(0)));
    }
}
