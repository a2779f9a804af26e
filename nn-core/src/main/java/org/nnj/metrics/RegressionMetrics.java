package org.nnj.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Require;
import org.nnj.data.Dataset;
import org.nnj.kernels.Matrix;
import org.nnj.models.Network;

/**
 * Regression metrics of predictions ŷ against targets y (n x k, one example per row), averaged
 * uniformly over the k outputs, as scikit-learn does:
 * {@code RMSE = sqrt((1/n) Σ (ŷ - y)²)}, {@code MAE = (1/n) Σ |ŷ - y|} and
 * {@code R² = 1 - Σ (y - ŷ)² / Σ (y - ȳ)²} (1 for perfect predictions, 0 for predicting the mean, negative
 * for worse; for a constant target column, 1 if predicted exactly and 0 otherwise).
 *
 * @param rmse root mean squared error
 * @param mae  mean absolute error
 * @param r2   coefficient of determination
 */
public record RegressionMetrics(double rmse, double mae, double r2) {
    /** The metrics of {@code network}'s predictions on {@code data} (inference mode). */
    public static RegressionMetrics evaluate(Network network, Dataset data) {
        Require.notNull(network, "network");
        Require.notNull(data, "data");
        return of(network.predict(data.features().castTo(network.dataType())), data.labels());
    }

    /** The metrics of {@code predictions} against {@code targets} (same shape). */
    public static RegressionMetrics of(INDArray predictions, INDArray targets) {
        Matrix p = Matrix.of(predictions, "predictions");
        Matrix y = Matrix.of(targets, "targets");
        if (!p.sameShape(y)) {
            throw new IllegalArgumentException(
                    "predictions " + p.describe() + " and targets " + y.describe() + " must have the same shape");
        }
        int n = p.rows();
        int k = p.cols();
        double rmse = 0;
        double mae = 0;
        double r2 = 0;
        for (int c = 0; c < k; c++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += y.get(r, c);
            }
            mean /= n;
            double ssRes = 0;
            double ssTot = 0;
            double abs = 0;
            for (int r = 0; r < n; r++) {
                double d = p.get(r, c) - y.get(r, c);
                ssRes += d * d;
                abs += Math.abs(d);
                double t = y.get(r, c) - mean;
                ssTot += t * t;
            }
            rmse += Math.sqrt(ssRes / n);
            mae += abs / n;
            r2 += ssTot > 0 ? 1 - ssRes / ssTot : ssRes == 0 ? 1 : 0;
        }
        return new RegressionMetrics(rmse / k, mae / k, r2 / k);
    }

    @Override
    public String toString() {
        return String.format("RMSE %.4f, MAE %.4f, R² %.4f", rmse, mae, r2);
    }
}
