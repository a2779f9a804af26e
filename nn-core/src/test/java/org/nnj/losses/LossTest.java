package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.kernels.Matrix;

class LossTest {
    static Matrix m(double[][] v) {
        return Matrix.of(Nd4j.createFromArray(v), "m");
    }

    static Matrix m(float[][] v) {
        return Matrix.of(Nd4j.createFromArray(v), "m");
    }

    @Test
    void mseIsTheMeanOverAllElements() {
        Matrix p = m(new double[][] {{1, 2}, {3, 4}});
        Matrix y = m(new double[][] {{0, 2}, {5, 4}});
        Matrix g = Matrix.allocate(DataType.DOUBLE, 2, 2);
        assertEquals((1 + 0 + 4 + 0) / 4.0, Loss.mse().valueAndGradient(p.array(), y.array(), g.array()), 1e-15);
        assertEquals(2 * 1 / 4.0, g.get(0), 1e-15);
        assertEquals(2 * -2 / 4.0, g.get(2), 1e-15);
    }

    @Test
    void maeIsTheMeanAbsoluteError() {
        Matrix p = m(new double[][] {{1, 2}, {3, 4}});
        Matrix y = m(new double[][] {{0, 2}, {5, 4}});
        Matrix g = Matrix.allocate(DataType.DOUBLE, 2, 2);
        assertEquals(3 / 4.0, Loss.mae().valueAndGradient(p.array(), y.array(), g.array()), 1e-15);
        assertEquals(0.25, g.get(0));
        assertEquals(0.0, g.get(1));
        assertEquals(-0.25, g.get(2));
    }

    @Test
    void binaryCrossEntropyByHand() {
        Matrix p = m(new double[][] {{0.9}, {0.2}});
        Matrix y = m(new double[][] {{1}, {0}});
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
        assertEquals(expected, Loss.binaryCrossEntropy().value(p.array(), y.array()), 1e-15);
        Matrix z = m(new double[][] {{Math.log(9)}, {Math.log(0.25)}}); // σ = 0.9, 0.2
        Matrix g = Matrix.allocate(DataType.DOUBLE, 2, 1);
        assertEquals(
                expected, BinaryCrossEntropy.fromLogits().valueAndGradient(z.array(), y.array(), g.array()), 1e-12);
        assertEquals((0.9 - 1) / 2, g.get(0), 1e-12);
        assertEquals((0.2 - 0) / 2, g.get(1), 1e-12);
    }

    @Test
    void categoricalCrossEntropyByHand() {
        Matrix p = m(new double[][] {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}});
        Matrix y = m(new double[][] {{1, 0, 0}, {0, 0, 1}});
        assertEquals(
                -(Math.log(0.7) + Math.log(0.8)) / 2,
                Loss.categoricalCrossEntropy().value(p.array(), y.array()),
                1e-15);
    }

    @Test
    void softmaxCrossEntropyGradientIsPMinusYOverM() {
        Matrix z = m(new double[][] {{1, 2, 3}, {0, 0, 0}});
        Matrix y = m(new double[][] {{0, 0, 1}, {1, 0, 0}});
        Matrix g = Matrix.allocate(DataType.DOUBLE, 2, 3);
        double value = Loss.softmaxCrossEntropy().valueAndGradient(z.array(), y.array(), g.array());
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals((-Math.log(Math.exp(3) / s) - Math.log(1 / 3.0)) / 2, value, 1e-12);
        assertEquals((Math.exp(1) / s) / 2, g.get(0), 1e-12);
        assertEquals((Math.exp(3) / s - 1) / 2, g.get(2), 1e-12);
        assertEquals((1 / 3.0 - 1) / 2, g.get(3), 1e-12);
    }

    @Test
    void fusedLossesStayFiniteForHugeLogits() {
        for (float big : new float[] {1e4f, -1e4f, 3e38f}) {
            Matrix z = m(new float[][] {{big, -big, 0}, {0, big, big}});
            Matrix y = m(new float[][] {{0, 1, 0}, {1, 0, 0}});
            Matrix g = Matrix.allocate(DataType.FLOAT, 2, 3);
            double v = Loss.softmaxCrossEntropy().valueAndGradient(z.array(), y.array(), g.array());
            assertTrue(Double.isFinite(v), "loss " + v + " at " + big);
            for (int i = 0; i < 6; i++) {
                assertTrue(Double.isFinite(g.get(i)) && Math.abs(g.get(i)) <= 0.5, "gradient " + g.get(i));
            }
            Matrix zb = m(new float[][] {{big}, {-big}});
            Matrix yb = m(new float[][] {{0}, {1}});
            Matrix gb = Matrix.allocate(DataType.FLOAT, 2, 1);
            assertTrue(Double.isFinite(
                    BinaryCrossEntropy.fromLogits().valueAndGradient(zb.array(), yb.array(), gb.array())));
            assertTrue(Double.isFinite(gb.get(0)) && Double.isFinite(gb.get(1)));
        }
        Matrix p = m(new float[][] {{0f}, {1f}});
        Matrix y = m(new float[][] {{1f}, {0f}});
        assertTrue(
                Double.isFinite(Loss.binaryCrossEntropy().value(p.array(), y.array())),
                "clipped probabilities stay finite");
    }

    @Test
    void targetChecksNameRowAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.binaryCrossEntropy()
                .checkTargets(m(new double[][] {{0.5}, {1.5}}).array(), "y"));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("y"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.softmaxCrossEntropy()
                .checkTargets(m(new double[][] {{1, 0}, {1, 1}}).array(), "y"));
        assertTrue(e.getMessage().contains("row 1 sums to 2"), e.getMessage());
        Loss.mse().checkTargets(m(new double[][] {{-5, 7}}).array(), "y"); // any finite target is fine for MSE
    }
}
