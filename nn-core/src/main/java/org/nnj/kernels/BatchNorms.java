package org.nnj.kernels;

/**
 * The loops of batch normalization over a batch (rows are examples, columns features), each column
 * on its own; the equations are in {@code org.nnj.layers.BatchNormalization}. Sums are in double.
 */
public final class BatchNorms {
    private BatchNorms() {}

    /**
     * Training mode: per column j, {@code μ = mean(x)}, {@code σ² = mean((x - μ)²)}, {@code x̂ = (x - μ) /
     * sqrt(σ² + ε)} into xhat, {@code y = γ x̂ + β} into y; {@code 1 / sqrt(σ² + ε)} into invStd, and
     * the running statistics moved toward the batch's: {@code r ← (1 - m) r + m · stat}, with the
     * unbiased variance {@code σ² n / (n - 1)} (not updated for a batch of one).
     */
    public static void train(
            Matrix x,
            Matrix gamma,
            Matrix beta,
            double epsilon,
            double momentum,
            Matrix runningMean,
            Matrix runningVar,
            Matrix xhat,
            Matrix invStd,
            Matrix y) {
        int n = x.rows();
        int cols = x.cols();
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += x.get(r, j);
            }
            double mean = sum / n;
            double sq = 0;
            for (int r = 0; r < n; r++) {
                double d = x.get(r, j) - mean;
                sq += d * d;
            }
            double var = sq / n;
            double inv = 1 / Math.sqrt(var + epsilon);
            invStd.set(j, inv);
            double g = gamma.get(j);
            double b = beta.get(j);
            for (int r = 0; r < n; r++) {
                double h = (x.get(r, j) - mean) * inv;
                xhat.set(r, j, h);
                y.set(r, j, g * h + b);
            }
            if (n > 1) {
                runningMean.set(j, (1 - momentum) * runningMean.get(j) + momentum * mean);
                runningVar.set(j, (1 - momentum) * runningVar.get(j) + momentum * var * n / (n - 1));
            }
        }
    }

    /** Inference mode: {@code y = γ (x - r_μ) / sqrt(r_σ² + ε) + β}. */
    public static void infer(
            Matrix x, Matrix gamma, Matrix beta, double epsilon, Matrix runningMean, Matrix runningVar, Matrix y) {
        int cols = x.cols();
        for (int j = 0; j < cols; j++) {
            double scale = gamma.get(j) / Math.sqrt(runningVar.get(j) + epsilon);
            double shift = beta.get(j) - runningMean.get(j) * scale;
            for (int r = 0; r < x.rows(); r++) {
                y.set(r, j, x.get(r, j) * scale + shift);
            }
        }
    }

    /**
     * Backward of {@link #train}, with {@code g = dJ/dy}: {@code dγ = Σ g x̂}, {@code dβ = Σ g} and, if
     * dx is not null, {@code dx = (γ / (n sqrt(σ² + ε))) (n g - Σ g - x̂ Σ g x̂)}.
     */
    public static void backward(
            Matrix g, Matrix xhat, Matrix invStd, Matrix gamma, Matrix dGamma, Matrix dBeta, Matrix dx) {
        int n = g.rows();
        for (int j = 0; j < g.cols(); j++) {
            double sumG = 0;
            double sumGH = 0;
            for (int r = 0; r < n; r++) {
                double gr = g.get(r, j);
                sumG += gr;
                sumGH += gr * xhat.get(r, j);
            }
            dGamma.set(j, sumGH);
            dBeta.set(j, sumG);
            if (dx != null) {
                double k = gamma.get(j) * invStd.get(j) / n;
                for (int r = 0; r < n; r++) {
                    dx.set(r, j, k * (n * g.get(r, j) - sumG - xhat.get(r, j) * sumGH));
                }
            }
        }
    }

    /** Backward of {@link #infer}: {@code dγ = Σ g (x - r_μ) s}, {@code dβ = Σ g}, {@code dx = g γ s}, {@code s = 1 / sqrt(r_σ² + ε)}. */
    public static void backwardInference(
            Matrix x,
            Matrix g,
            Matrix gamma,
            double epsilon,
            Matrix runningMean,
            Matrix runningVar,
            Matrix dGamma,
            Matrix dBeta,
            Matrix dx) {
        for (int j = 0; j < g.cols(); j++) {
            double s = 1 / Math.sqrt(runningVar.get(j) + epsilon);
            double sumG = 0;
            double sumGH = 0;
            for (int r = 0; r < g.rows(); r++) {
                double gr = g.get(r, j);
                sumG += gr;
                sumGH += gr * (x.get(r, j) - runningMean.get(j)) * s;
                if (dx != null) {
                    dx.set(r, j, gr * gamma.get(j) * s);
                }
            }
            dGamma.set(j, sumGH);
            dBeta.set(j, sumG);
        }
    }
}
