package org.nnj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code Rows.columnSums} (a bias gradient, {@code Σ_rows dZ}) equals a sum taken row by row in
 * double, on both sides of the BLAS threshold, in both types, and for batches longer than the
 * shared vector of ones had been (so it grows).
 */
class ColumnSumsTest {
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"3, 5", "64, 63", "130, 40", "100, 41", "1000, 7", "300, 20"})
    void equalsARowByRowSum(int rows, int cols) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Matrix m = Matrix.allocate(type, rows, cols);
            SplittableRandom rng = new SplittableRandom(rows * 31L + cols);
            for (int i = 0; i < m.size(); i++) {
                m.set(i, rng.nextDouble(-1, 1));
            }
            Matrix s = Matrix.allocate(type, 1, cols);
            s.fill(Double.NaN); // overwritten, not accumulated into
            Rows.columnSums(m, s);
            for (int j = 0; j < cols; j++) {
                double expected = 0;
                for (int r = 0; r < rows; r++) {
                    expected += m.get(r, j);
                }
                double tolerance = type == DataType.FLOAT ? 1e-6 * rows : 1e-12;
                assertEquals(expected, s.get(j), tolerance, type + " column " + j);
            }
        }
    }
}
