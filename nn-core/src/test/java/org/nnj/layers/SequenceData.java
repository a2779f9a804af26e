package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Token ids, conversions and comparisons for the sequence layers' tests. */
public final class SequenceData {
    private SequenceData() {}

    /** rows x time ids drawn uniformly from [0, vocabulary), as float values. */
    public static INDArray ids(DataType type, int rows, int time, int vocabulary, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][time];
        for (double[] row : v) {
            for (int t = 0; t < time; t++) {
                row[t] = r.nextInt(vocabulary);
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    public static INDArray of(DataType type, double[][] v) {
        return Nd4j.createFromArray(v).castTo(type);
    }

    public static double[][] rows(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Every element within {@code tolerance} (relative to max(1, |expected|)). */
    public static void assertClose(double[][] expected, INDArray actual, double tolerance, String what) {
        double[][] a = rows(actual);
        assertEquals(expected.length, a.length, what + " rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, a[r].length, what + " columns");
            for (int c = 0; c < expected[r].length; c++) {
                double tol = tolerance * Math.max(1, Math.abs(expected[r][c]));
                assertEquals(expected[r][c], a[r][c], tol, what + " at row " + r + ", column " + c);
            }
        }
    }
}
