package org.nnj.kernels;

/**
 * The loops of per-channel batch normalization over a batch of images (row n holds one image
 * channel-major, {@code channels x positions}, positions = height x width): each channel's statistics
 * run over the batch and every position. The equations are in
 * {@code org.nnj.layers.BatchNormalization2D}. Each channel of each image is one contiguous run of
 * {@code positions} values, copied into a float64 scratch array, so sums are in double.
 */
public final class ChannelBatchNorms {
    private ChannelBatchNorms() {}

    /**
     * Training mode: per channel c over its {@code m = rows · positions} values, {@code μ}, the biased
     * {@code σ²}, {@code x̂ = (x - μ) / sqrt(σ² + ε)} into xhat, {@code y = γ_c x̂ + β_c}, {@code 1 / sqrt(σ²
     * + ε)} into invStd (1 x channels), and {@code r_μ ← (1 - m') r_μ + m' μ}, {@code r_σ² ← (1 - m')
     * r_σ² + m' σ² m / (m - 1)} for momentum m' (the caller refuses {@code m < 2}).
     */
    public static void train(
            Matrix x,
            int channels,
            int positions,
            Matrix gamma,
            Matrix beta,
            double epsilon,
            double momentum,
            Matrix runningMean,
            Matrix runningVar,
            Matrix xhat,
            Matrix invStd,
            Matrix y) {
        int rows = x.rows();
        long m = (long) rows * positions;
        double[] v = Scratch.doubles(0, positions);
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                x.loadDoubles(offset(r, c, channels, positions), v, positions);
                for (int p = 0; p < positions; p++) {
                    sum += v[p];
                }
            }
            double mean = sum / m;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                x.loadDoubles(offset(r, c, channels, positions), v, positions);
                for (int p = 0; p < positions; p++) {
                    double d = v[p] - mean;
                    sq += d * d;
                }
            }
            double var = sq / m;
            double inv = 1 / Math.sqrt(var + epsilon);
            invStd.set(c, inv);
            double gc = gamma.get(c);
            double bc = beta.get(c);
            for (int r = 0; r < rows; r++) {
                int o = offset(r, c, channels, positions);
                x.loadDoubles(o, v, positions);
                for (int p = 0; p < positions; p++) {
                    v[p] = (v[p] - mean) * inv;
                }
                xhat.storeDoubles(o, v, positions);
                for (int p = 0; p < positions; p++) {
                    v[p] = gc * v[p] + bc;
                }
                y.storeDoubles(o, v, positions);
            }
            if (m > 1) {
                runningMean.set(c, (1 - momentum) * runningMean.get(c) + momentum * mean);
                runningVar.set(c, (1 - momentum) * runningVar.get(c) + momentum * var * m / (m - 1));
            }
        }
    }

    private static int offset(int row, int channel, int channels, int positions) {
        return (row * channels + channel) * positions;
    }

    /** Inference mode: {@code y = γ_c (x - r_μ) / sqrt(r_σ² + ε) + β_c}; writes only y. */
    public static void infer(
            Matrix x,
            int channels,
            int positions,
            Matrix gamma,
            Matrix beta,
            double epsilon,
            Matrix runningMean,
            Matrix runningVar,
            Matrix y) {
        double[] v = Scratch.doubles(0, positions);
        for (int c = 0; c < channels; c++) {
            double scale = gamma.get(c) / Math.sqrt(runningVar.get(c) + epsilon);
            double shift = beta.get(c) - runningMean.get(c) * scale;
            for (int r = 0; r < x.rows(); r++) {
                int o = offset(r, c, channels, positions);
                x.loadDoubles(o, v, positions);
                for (int p = 0; p < positions; p++) {
                    v[p] = v[p] * scale + shift;
                }
                y.storeDoubles(o, v, positions);
            }
        }
    }

    /**
     * Backward of {@link #train}, with {@code g = dJ/dy}: per channel {@code dγ = Σ g x̂}, {@code dβ = Σ
     * g} and, if dx is not null, {@code dx = (γ / (m sqrt(σ² + ε))) (m g - Σ g - x̂ Σ g x̂)}, the sums over
     * the channel's m values.
     */
    public static void backward(
            Matrix g,
            Matrix xhat,
            Matrix invStd,
            int channels,
            int positions,
            Matrix gamma,
            Matrix dGamma,
            Matrix dBeta,
            Matrix dx) {
        int rows = g.rows();
        double m = (double) rows * positions;
        double[] gv = Scratch.doubles(0, positions);
        double[] hv = Scratch.doubles(1, positions);
        for (int c = 0; c < channels; c++) {
            double sumG = 0;
            double sumGH = 0;
            for (int r = 0; r < rows; r++) {
                int o = offset(r, c, channels, positions);
                g.loadDoubles(o, gv, positions);
                xhat.loadDoubles(o, hv, positions);
                for (int p = 0; p < positions; p++) {
                    sumG += gv[p];
                    sumGH += gv[p] * hv[p];
                }
            }
            dGamma.set(c, sumGH);
            dBeta.set(c, sumG);
            if (dx == null) {
                continue;
            }
            double k = gamma.get(c) * invStd.get(c) / m;
            for (int r = 0; r < rows; r++) {
                int o = offset(r, c, channels, positions);
                g.loadDoubles(o, gv, positions);
                xhat.loadDoubles(o, hv, positions);
                for (int p = 0; p < positions; p++) {
                    gv[p] = k * (m * gv[p] - sumG - hv[p] * sumGH);
                }
                dx.storeDoubles(o, gv, positions);
            }
        }
    }

    /**
     * Backward of {@link #infer}, with {@code s = 1 / sqrt(r_σ² + ε)}: {@code dγ = Σ g (x - r_μ) s},
     * {@code dβ = Σ g}, {@code dx = g γ s}.
     */
    public static void backwardInference(
            Matrix x,
            Matrix g,
            int channels,
            int positions,
            Matrix gamma,
            double epsilon,
            Matrix runningMean,
            Matrix runningVar,
            Matrix dGamma,
            Matrix dBeta,
            Matrix dx) {
        double[] xv = Scratch.doubles(0, positions);
        double[] gv = Scratch.doubles(1, positions);
        for (int c = 0; c < channels; c++) {
            double s = 1 / Math.sqrt(runningVar.get(c) + epsilon);
            double mu = runningMean.get(c);
            double sumG = 0;
            double sumGH = 0;
            for (int r = 0; r < g.rows(); r++) {
                int o = offset(r, c, channels, positions);
                x.loadDoubles(o, xv, positions);
                g.loadDoubles(o, gv, positions);
                for (int p = 0; p < positions; p++) {
                    sumG += gv[p];
                    sumGH += gv[p] * (xv[p] - mu) * s;
                    gv[p] *= gamma.get(c) * s;
                }
                if (dx != null) {
                    dx.storeDoubles(o, gv, positions);
                }
            }
            dGamma.set(c, sumGH);
            dBeta.set(c, sumG);
        }
    }
}
