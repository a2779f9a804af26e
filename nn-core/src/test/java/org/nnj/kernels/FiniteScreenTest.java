package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The finiteness screen every input goes through finds the first NaN or infinity below and above the
 * BLAS threshold, and accepts huge finite values (whose float32 sum of squares overflows the BLAS
 * screen, so they must be scanned one by one instead of being refused).
 */
class FiniteScreenTest {
    @ParameterizedTest
    @ValueSource(ints = {100, Reductions.BLAS_THRESHOLD, 3 * Reductions.BLAS_THRESHOLD + 7})
    void findsTheFirstNonFiniteAndAcceptsHugeFiniteValues(int n) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Matrix m = Matrix.allocate(type, 1, n);
            for (int i = 0; i < n; i++) {
                m.set(i, (i % 17) - 8.5);
            }
            assertEquals(-1, Reductions.firstNonFinite(m), type + " ordinary values");
            m.set(n / 3, 3e38);
            m.set(n / 2, -3e38);
            if (type == DataType.DOUBLE) {
                m.set(n / 4, 1e300);
            }
            assertEquals(-1, Reductions.firstNonFinite(m), type + " huge but finite values");
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                m.set(n - 2, bad);
                m.set(n - 1, bad);
                assertEquals(n - 2, Reductions.firstNonFinite(m), type + " " + bad);
                m.set(n - 2, 0);
                m.set(n - 1, 0);
            }
        }
    }
}
