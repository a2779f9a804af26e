package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rule of the kernels package for losses: {@code kernels.LossKernels} (value and gradient in one
 * pass, with a float32 fast path for softmax cross-entropy) equals each loss class's float64
 * {@code reference}, for every loss, both types, and batches below and above the fast path's size.
 * Float64: value and gradient within 1e-12 relative. Float32 (inputs exact in float64, sums in
 * float64): the value within 1e-6 relative, the gradient within (k + 4) float32 ulps of the batch's
 * largest reference gradient, k the columns (a softmax row sums k exponentials). A planted bug (MSE's
 * gradient without the 2, a class weight applied to the wrong column) makes it fail.
 */
class LossKernelsTest {
    record Case(String name, Loss loss, Reference reference, boolean probabilities, boolean oneHot) {}

    interface Reference {
        double apply(double[][] p, double[][] y, double[][] g);
    }

    static List<Case> cases() {
        BinaryCrossEntropy bce = BinaryCrossEntropy.onProbabilities();
        BinaryCrossEntropy logits = BinaryCrossEntropy.fromLogits();
        BinaryCrossEntropy weighted = BinaryCrossEntropy.fromLogits().withClassWeights(new double[] {0.3, 2.5});
        BinaryCrossEntropy weightedP = BinaryCrossEntropy.onProbabilities().withClassWeights(new double[] {1.7, 0.4});
        SoftmaxCrossEntropy sce = new SoftmaxCrossEntropy();
        MSE mse = new MSE();
        MAE mae = new MAE();
        Huber huber = new Huber(0.8);
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy();
        return List.of(
                new Case("mse", mse, mse::reference, false, false),
                new Case("mae", mae, mae::reference, false, false),
                new Case("huber", huber, huber::reference, false, false),
                new Case("bce", bce, bce::reference, true, false),
                new Case("bce weighted", weightedP, weightedP::reference, true, false),
                new Case("bce logits", logits, logits::reference, false, false),
                new Case("bce logits weighted", weighted, weighted::reference, false, false),
                new Case("cce", cce, cce::reference, true, true),
                new Case("sce", sce, sce::reference, false, true));
    }

    @Test
    void everyLossKernelEqualsItsReference() {
        for (Case c : cases()) {
            for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                for (int[] shape : new int[][] {{4, 3}, {50, 10}, {7, 1}}) {
                    if (c.oneHot() && shape[1] == 1) {
                        continue;
                    }
                    check(c, type, shape[0], shape[1], shape[0] * 31L + shape[1]);
                }
            }
        }
        SoftmaxCrossEntropy weighted = new SoftmaxCrossEntropy().withClassWeights(new double[] {0.5, 1, 2, 4});
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            check(new Case("sce weighted", weighted, weighted::reference, false, true), type, 30, 4, 9);
        }
    }

    static void check(Case c, DataType type, int m, int k, long seed) {
        Random r = new Random(seed);
        double[][] p = new double[m][k];
        double[][] y = new double[m][k];
        for (int i = 0; i < m; i++) {
            double sum = 0;
            int hot = r.nextInt(k);
            for (int j = 0; j < k; j++) {
                double v = c.probabilities() ? 0.02 + 0.96 * r.nextDouble() : 3 * r.nextGaussian();
                p[i][j] = type == DataType.FLOAT ? (float) v : v;
                sum += p[i][j];
                y[i][j] = c.oneHot() ? (j == hot ? 1 : 0) : c.probabilities() ? r.nextInt(2) : r.nextGaussian();
                y[i][j] = type == DataType.FLOAT ? (float) y[i][j] : y[i][j];
            }
            for (int j = 0; c.oneHot() && c.probabilities() && j < k; j++) {
                p[i][j] = type == DataType.FLOAT ? (float) (p[i][j] / sum) : p[i][j] / sum;
            }
            if (c.name().startsWith("bce") && !c.name().contains("logits")) {
                for (int j = 0; j < k; j++) {
                    y[i][j] = r.nextInt(2);
                }
            }
        }
        INDArray pa = Nd4j.createFromArray(p).castTo(type);
        INDArray ya = Nd4j.createFromArray(y).castTo(type);
        INDArray ga = Nd4j.zeros(type, m, k);
        double value = c.loss().valueAndGradient(pa, ya, ga);
        double[][] g = new double[m][k];
        double expected = c.reference().apply(p, y, g);
        String what = c.name() + " " + type + " " + m + "x" + k;
        double valueTol = (type == DataType.DOUBLE ? 1e-12 : 1e-6) * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(value - expected) <= valueTol, what + ": J " + value + " against " + expected);
        double largest = 0;
        for (double[] row : g) {
            for (double v : row) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                double tol = type == DataType.DOUBLE
                        ? 1e-12 * Math.max(Math.abs(g[i][j]), largest * 1e-3)
                        : (k + 4) * Math.ulp((float) largest);
                double actual = ga.getDouble(i, j);
                assertTrue(
                        Math.abs(actual - g[i][j]) <= tol,
                        what + " gradient [" + i + "][" + j + "]: " + actual + " against " + g[i][j] + " (tol " + tol
                                + ")");
            }
        }
    }
}
