package org.nnj;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Parameter;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
import org.nnj.train.Trainer;

/** Seeded test data and parameter snapshots. */
public final class TestData {
    private TestData() {}

    /** rows x cols values drawn from N(0, scale^2) with a fixed seed. */
    public static INDArray gaussian(DataType type, int rows, int cols, double scale, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = r.nextGaussian() * scale;
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** rows one-hot rows of width k, classes drawn with a fixed seed. */
    public static INDArray oneHot(DataType type, int rows, int k, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][k];
        for (int i = 0; i < rows; i++) {
            v[i][r.nextInt(k)] = 1;
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** rows x k values in (0.05, 0.95). */
    public static INDArray probabilities(DataType type, int rows, int k, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[rows][k];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                v[i][j] = 0.05 + 0.9 * r.nextDouble();
            }
        }
        return Nd4j.createFromArray(v).castTo(type);
    }

    /** A deep copy of every parameter value, as doubles. */
    public static List<double[]> snapshot(Network net) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            double[] v = new double[p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.value().getDouble(i);
            }
            out.add(v);
        }
        return out;
    }

    /** True if both snapshots hold the same bits. */
    public static boolean bitIdentical(List<double[]> a, List<double[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            double[] x = a.get(i);
            double[] y = b.get(i);
            if (x.length != y.length) {
                return false;
            }
            for (int j = 0; j < x.length; j++) {
                if (Double.doubleToRawLongBits(x[j]) != Double.doubleToRawLongBits(y[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The tutorials' minibatch gradient descent through {@link Trainer}, without a progress bar. */
    public static History fit(
            Network net, INDArray x, INDArray y, int epochs, int batchSize, double learningRate, long seed) {
        return fit(net, x, y, epochs, batchSize, new org.nnj.optim.SGD(learningRate), seed);
    }

    /** The same loop with any optimizer. */
    public static History fit(
            Network net, INDArray x, INDArray y, int epochs, int batchSize, Optimizer optimizer, long seed) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .optimizer(optimizer)
                .seed(seed)
                .progressBar(false)
                .build()
                .fit(net, x, y);
    }
}
