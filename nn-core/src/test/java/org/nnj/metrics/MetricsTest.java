package org.nnj.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {
    // actual    0 0 1 1 2 2 2
    // predicted 0 1 1 1 2 0 2   -> rows (actual) [1 1 0], [0 2 0], [1 0 2]
    static final int[] ACTUAL = {0, 0, 1, 1, 2, 2, 2};
    static final int[] PREDICTED = {0, 1, 1, 1, 2, 0, 2};

    @Test
    void confusionMatrixAgainstHandCounts() {
        ConfusionMatrix cm = new ConfusionMatrix(ACTUAL, PREDICTED, List.of("a", "b", "c"));
        long[][] expected = {{1, 1, 0}, {0, 2, 0}, {1, 0, 2}};
        for (int a = 0; a < 3; a++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[a][p], cm.count(a, p));
            }
        }
        assertEquals(5 / 7.0, cm.accuracy(), 1e-15);
        assertEquals(0.5, cm.precision(0), 1e-15);
        assertEquals(0.5, cm.recall(0), 1e-15);
        assertEquals(2 / 3.0, cm.precision(1), 1e-15);
        assertEquals(1.0, cm.recall(1), 1e-15);
        assertEquals(1.0, cm.precision(2), 1e-15);
        assertEquals(2 / 3.0, cm.recall(2), 1e-15);
        assertEquals(0.5, cm.f1(0), 1e-15);
        assertEquals(0.8, cm.f1(1), 1e-15);
        assertEquals(0.8, cm.f1(2), 1e-15);
        assertEquals(0.7, cm.macroF1(), 1e-15);
        assertEquals((0.5 + 2 / 3.0 + 1) / 3, cm.macroPrecision(), 1e-15);
        String table = cm.toString();
        assertTrue(table.contains("actual\\pred") && table.contains("accuracy 0.7143"), table);
    }

    @Test
    void undefinedPrecisionIsZero() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 2);
        assertEquals(0.0, cm.precision(1));
        assertEquals(0.0, cm.f1(1));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {2}, 2));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, 2));
    }

    @Test
    void evaluationAndLogLoss() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.5, 0.4, 0.1}};
        double[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}};
        Evaluation e = Evaluation.of(Nd4j.createFromArray(p), Nd4j.createFromArray(y), List.of());
        assertEquals(0.75, e.accuracy(), 1e-15);
        assertEquals(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, e.logLoss(), 1e-12);
        assertEquals(1, e.confusion().count(1, 0));

        Evaluation binary = Evaluation.of(
                Nd4j.createFromArray(new double[][] {{0.9}, {0.2}, {0.6}}),
                Nd4j.createFromArray(new double[][] {{1}, {0}, {0}}),
                List.of("no", "yes"));
        assertEquals(2 / 3.0, binary.accuracy(), 1e-15);
        assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, binary.logLoss(), 1e-12);
    }
}
