package org.nnj.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;

class InitializerTest {
    static double[] stats(Initializer init, int fanIn, int fanOut, long seed) {
        Matrix m = Matrix.allocate(DataType.DOUBLE, fanOut, fanIn);
        init.fill(m.array(), fanIn, fanOut, new Random(seed));
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (int i = 0; i < m.size(); i++) {
            sum += m.get(i);
            sq += m.get(i) * m.get(i);
            max = Math.max(max, Math.abs(m.get(i)));
        }
        double mean = sum / m.size();
        return new double[] {mean, Math.sqrt(sq / m.size() - mean * mean), max};
    }

    @Test
    void varianceMatchesEachScheme() {
        int in = 400;
        int out = 200;
        assertEquals(Math.sqrt(2.0 / (in + out)), stats(Initializer.xavierNormal(), in, out, 1)[1], 0.002);
        assertEquals(Math.sqrt(2.0 / (in + out)), stats(Initializer.xavierUniform(), in, out, 1)[1], 0.002);
        assertTrue(stats(Initializer.xavierUniform(), in, out, 1)[2] <= Math.sqrt(6.0 / (in + out)));
        assertEquals(Math.sqrt(2.0 / in), stats(Initializer.he(), in, out, 1)[1], 0.002);
        assertEquals(Math.sqrt(2.0 / in), stats(Initializer.heUniform(), in, out, 1)[1], 0.002);
        assertEquals(0.3, stats(Initializer.normal(0.3), in, out, 1)[1], 0.003);
        assertEquals(0.5, stats(Initializer.uniform(0, 1), in, out, 1)[0], 0.003);
        assertEquals(0.0, stats(Initializer.zeros(), in, out, 1)[2]);
        assertEquals(2.5, stats(Initializer.constant(2.5), in, out, 1)[0]);
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherValues() {
        Matrix a = Matrix.allocate(DataType.FLOAT, 30, 20);
        Matrix b = Matrix.allocate(DataType.FLOAT, 30, 20);
        Matrix c = Matrix.allocate(DataType.FLOAT, 30, 20);
        Initializer.he().fill(a.array(), 20, 30, new Random(5));
        Initializer.he().fill(b.array(), 20, 30, new Random(5));
        Initializer.he().fill(c.array(), 20, 30, new Random(6));
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(a.get(i)), Double.doubleToRawLongBits(b.get(i)));
            differs |= a.get(i) != c.get(i);
        }
        assertTrue(differs);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Initializer.normal(0));
        assertThrows(IllegalArgumentException.class, () -> Initializer.normal(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Initializer.uniform(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Initializer.constant(Double.POSITIVE_INFINITY));
    }
}
