package org.nnj.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Regression metrics, ROC AUC and average precision against values computed by hand (and scikit-learn). */
class MoreMetricsTest {
    @Test
    void regressionMetricsByHand() {
        // y = [1, 2, 3, 4], ŷ = [1.5, 2, 2, 5]: errors 0.5, 0, -1, 1
        RegressionMetrics m = RegressionMetrics.of(
                Nd4j.createFromArray(new double[][] {{1.5}, {2}, {2}, {5}}),
                Nd4j.createFromArray(new double[][] {{1}, {2}, {3}, {4}}));
        assertEquals(Math.sqrt((0.25 + 0 + 1 + 1) / 4), m.rmse(), 1e-12);
        assertEquals((0.5 + 0 + 1 + 1) / 4, m.mae(), 1e-12);
        // SS_res = 2.25, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5
        assertEquals(1 - 2.25 / 5, m.r2(), 1e-12);
        RegressionMetrics perfect = RegressionMetrics.of(
                Nd4j.createFromArray(new double[][] {{7}, {7}}), Nd4j.createFromArray(new double[][] {{7}, {7}}));
        assertEquals(1, perfect.r2());
    }

    @Test
    void rocAucAndAveragePrecisionByHand() {
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        int[] labels = {0, 0, 1, 1};
        // scikit-learn: roc_auc_score = 0.75, average_precision_score = 0.8333...
        assertEquals(0.75, BinaryMetrics.rocAuc(scores, labels), 1e-12);
        assertEquals(0.5 * 1 + 0.5 * (2.0 / 3), BinaryMetrics.averagePrecision(scores, labels), 1e-12);
        // ties count half: one positive and one negative with the same score
        assertEquals(0.5, BinaryMetrics.rocAuc(new double[] {0.5, 0.5}, new int[] {0, 1}), 1e-12);
        assertEquals(1.0, BinaryMetrics.rocAuc(new double[] {0.1, 0.9}, new int[] {0, 1}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.rocAuc(new double[] {1, 2}, new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.rocAuc(new double[] {1}, new int[] {2}));
    }
}
