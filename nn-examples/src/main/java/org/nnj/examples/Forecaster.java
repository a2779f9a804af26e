package org.nnj.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Schema;
import org.nnj.data.Standardizer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.optim.LearningRateSchedule;
import org.nnj.train.Trainer;

/**
 * A one-step-ahead model of a series rolled forward recursively. The model sees a window of the last
 * {@code w} values of the working series z and predicts the next; z is the series' first differences
 * {@code d_t = y_t - y_{t-1}} standardized with the training differences' mean and standard deviation
 * ({@code z = (d - μ) / σ}), or with {@code --levels} the standardized series itself. A forecast of
 * {@code H} steps predicts {@code ẑ_{T+1}}, appends it to the window, predicts {@code ẑ_{T+2}}, and so
 * on; differences are summed back onto the last value, {@code ŷ_{T+h} = y_T + Σ_{k ≤ h} (σ ẑ_{T+k} + μ)}.
 *
 * <p>Saved as a regression model: a {@link Schema} with one numeric column per lag (named {@code
 * co2[t-104]} ... {@code co2[t-1]}, or {@code Δco2[...]} for differences) and the target's μ and σ, and a
 * {@link Standardizer} of the same μ and σ per lag, so {@code --load} and ONNX need nothing else.
 */
final class Forecaster {
    static final String DIFFERENCE = "Δ";

    private final Network network;
    private final boolean levels;
    private final int window;
    private final double mu;
    private final double sigma;
    private final String column;

    Forecaster(Network network, boolean levels, int window, double mu, double sigma, String column) {
        this.network = network;
        this.levels = levels;
        this.window = window;
        this.mu = mu;
        this.sigma = sigma;
        this.column = column;
    }

    /** The MLP {@code window-64-1} (ReLU), MSE. */
    static Network mlp(int window, long seed) {
        return Network.builder()
                .add(new Dense(window, 64, Activation.relu()))
                .add(new Dense(64, 1))
                .loss(Loss.mse())
                .seed(seed)
                .build();
    }

    /** The working series of {@code y}: first differences, or {@code y} itself for levels. */
    static double[] working(double[] y, boolean levels) {
        if (levels) {
            return y.clone();
        }
        double[] d = new double[y.length - 1];
        for (int t = 1; t < y.length; t++) {
            d[t - 1] = y[t] - y[t - 1];
        }
        return d;
    }

    /** A forecaster of {@code net} with μ and σ fitted on {@code train}'s working series (not yet trained). */
    static Forecaster of(Network net, double[] train, boolean levels, int window, String column) {
        double[] z = working(train, levels);
        if (z.length <= window) {
            throw new IllegalArgumentException("the training part has " + train.length + " steps, too few for a window"
                    + " of " + window + ": give a smaller --window or a longer series");
        }
        double mu = Arrays.stream(z).average().orElse(0);
        double var = Arrays.stream(z).map(v -> (v - mu) * (v - mu)).sum() / z.length;
        double sigma = var > 0 ? Math.sqrt(var) : 1;
        return new Forecaster(net, levels, window, mu, sigma, column);
    }

    /** Trains on every window of the training series: MSE, Adam 1e-3, batch 32, cosine decay per batch. */
    History fit(double[] train, int epochs, long seed) {
        double[] z = standardized(working(train, levels));
        int n = z.length - window;
        float[][] x = new float[n][window];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < window; k++) {
                x[i][k] = (float) z[i + k];
            }
            y[i][0] = (float) z[i + window];
        }
        long steps = (long) epochs * ((n + 31) / 32);
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(32)
                .optimizer(new Adam(1e-3).withSchedule(LearningRateSchedule.cosine(steps, 0)))
                .progressBar(true)
                .seed(seed)
                .build()
                .fit(network, Dataset.of(Nd4j.create(x), Nd4j.create(y)));
    }

    private double[] standardized(double[] w) {
        double[] z = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            z[i] = (w[i] - mu) / sigma;
        }
        return z;
    }

    /** The next {@code horizon} values after {@code history}, rolled forward one predicted step at a time. */
    double[] forecast(double[] history, int horizon) {
        double[] z = standardized(working(history, levels));
        if (z.length < window) {
            throw new IllegalArgumentException(
                    "the history has " + history.length + " steps, too few for a window of " + window);
        }
        float[] win = new float[window];
        for (int k = 0; k < window; k++) {
            win[k] = (float) z[z.length - window + k];
        }
        double[] out = new double[horizon];
        double last = history[history.length - 1];
        for (int h = 0; h < horizon; h++) {
            INDArray p = network.predict(Nd4j.create(new float[][] {win}));
            double next = p.getDouble(0, 0);
            System.arraycopy(win, 1, win, 0, window - 1);
            win[window - 1] = (float) next;
            double value = next * sigma + mu;
            out[h] = levels ? value : (last += value);
        }
        return out;
    }

    Network network() {
        return network;
    }

    boolean levels() {
        return levels;
    }

    int window() {
        return window;
    }

    /** The schema that records the lags, the mode and μ, σ (see the class Javadoc). */
    Schema schema() {
        String name = (levels ? "" : DIFFERENCE) + column;
        List<Schema.Column> cols = new ArrayList<>();
        for (int k = window; k >= 1; k--) {
            cols.add(new Schema.Column(name + "[t-" + k + "]", List.of(), Double.NaN, false));
        }
        return new Schema(cols, name + "[t]", Schema.Task.REGRESSION, List.of(), mu, sigma, Schema.Missing.ERROR);
    }

    /** The input standardizer: μ and σ for every lag. */
    Standardizer standardizer() {
        double[] m = new double[window];
        double[] s = new double[window];
        Arrays.fill(m, mu);
        Arrays.fill(s, sigma);
        return new Standardizer(m, s);
    }

    /** A forecaster from a model {@code forecast} saved (its schema and standardizer), for column {@code column}. */
    static Forecaster load(org.nnj.io.SavedModel saved, String column, String source) {
        Schema s = saved.schemaIfAny().orElse(null);
        if (s == null || s.task() != Schema.Task.REGRESSION || !s.target().endsWith("[t]")) {
            throw new IllegalArgumentException("--load " + source + " is not a model the forecast command saved");
        }
        String name = s.target().substring(0, s.target().length() - 3);
        boolean levels = !name.startsWith(DIFFERENCE);
        String col = levels ? name : name.substring(DIFFERENCE.length());
        if (!col.equals(column)) {
            throw new IllegalArgumentException(
                    "--load " + source + " forecasts column '" + col + "', not --column " + column);
        }
        return new Forecaster(saved.network(), levels, s.width(), s.targetMean(), s.targetStd(), column);
    }
}
