package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.TestData;
import org.nnj.kernels.Matrix;

class DropoutTest {
    @Test
    void inferenceIsIdentityTrainingDropsAndRescales() {
        Dropout d = new Dropout(100, 0.3);
        d.build(DataType.DOUBLE, new Random(1));
        Matrix x = Matrix.of(TestData.gaussian(DataType.DOUBLE, 50, 100, 1, 2), "x");
        Matrix out = Matrix.allocate(DataType.DOUBLE, 50, 100);
        d.forward(x.array(), out.array(), false);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i), out.get(i));
        }
        d.forward(x.array(), out.array(), true);
        int dropped = 0;
        for (int i = 0; i < x.size(); i++) {
            if (out.get(i) == 0) {
                dropped++;
            } else {
                assertEquals(x.get(i) / 0.7, out.get(i), 1e-12);
            }
        }
        assertEquals(0.3, dropped / 5000.0, 0.02);

        Matrix g = Matrix.of(TestData.gaussian(DataType.DOUBLE, 50, 100, 1, 3), "g");
        Matrix gin = Matrix.allocate(DataType.DOUBLE, 50, 100);
        d.backward(x.array(), out.array(), g.array(), gin.array());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(out.get(i) == 0 ? 0 : g.get(i) / 0.7, gin.get(i), 1e-12, "the same mask scales the gradient");
        }
    }

    @Test
    void masksAreSeeded() {
        Matrix x = Matrix.of(TestData.gaussian(DataType.FLOAT, 4, 10, 1, 2), "x");
        double[] first = run(x, 5);
        double[] second = run(x, 5);
        double[] other = run(x, 6);
        assertTrue(java.util.Arrays.equals(first, second));
        assertTrue(!java.util.Arrays.equals(first, other));
    }

    private static double[] run(Matrix x, long seed) {
        Dropout d = new Dropout(10, 0.5);
        d.build(DataType.FLOAT, new Random(seed));
        Matrix out = Matrix.allocate(DataType.FLOAT, 4, 10);
        d.forward(x.array(), out.array(), true);
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i);
        }
        return v;
    }

    @Test
    void rejectsBadRates() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(3, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(3, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(0, 0.5));
    }
}
