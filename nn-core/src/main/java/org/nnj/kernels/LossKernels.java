package org.nnj.kernels;

/**
 * The losses' sums over a batch, each computing the value and, when {@code gradient} is not null,
 * writing {@code dJ/dŷ} in the same pass (so value and gradient share one formula). The equations
 * and averaging conventions are in the loss classes of {@code org.nnj.losses}.
 */
public final class LossKernels {
    private LossKernels() {}

    /** {@code (1/n) Σ (ŷ - y)²} over all n elements; gradient {@code 2 (ŷ - y) / n}. */
    public static double meanSquaredError(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        double s = 0;
        double scale = 2.0 / n;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            s += d * d;
            if (gradient != null) {
                gradient.set(i, scale * d);
            }
        }
        return s / n;
    }

    /** {@code (1/n) Σ |ŷ - y|} over all n elements; gradient {@code sign(ŷ - y) / n}. */
    public static double meanAbsoluteError(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        double s = 0;
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            s += Math.abs(d);
            if (gradient != null) {
                gradient.set(i, scale * Math.signum(d));
            }
        }
        return s / n;
    }

    /**
     * Huber loss averaged over all n elements: {@code h(d) = d²/2} for {@code |d| <= δ}, else
     * {@code δ (|d| - δ/2)}, with {@code d = ŷ - y}; gradient {@code d / n} or {@code δ sign(d) / n}.
     */
    public static double huber(Matrix prediction, Matrix target, Matrix gradient, double delta) {
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            double a = Math.abs(d);
            s += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
            if (gradient != null) {
                gradient.set(i, (a <= delta ? d : delta * Math.signum(d)) / n);
            }
        }
        return s / n;
    }

    /**
     * Binary cross-entropy averaged over all n elements. On probabilities p clipped to
     * {@code [eps, 1 - eps]}: {@code -(y log p + (1 - y) log(1 - p))}, gradient
     * {@code (p - y) / (p (1 - p)) / n} (0 where clipping was active). On logits z, the stable form
     * {@code max(z, 0) - z y + log(1 + e^-|z|)}, gradient {@code (σ(z) - y) / n}.
     */
    public static double binaryCrossEntropy(
            Matrix prediction, Matrix target, Matrix gradient, boolean logits, double eps) {
        return binaryCrossEntropy(prediction, target, gradient, logits, eps, 1, 1);
    }

    /**
     * {@link #binaryCrossEntropy} with the negatives' terms weighted by w0 and the positives' by w1:
     * {@code -(w1 y log p + w0 (1 - y) log(1 - p))}, gradient {@code (w0 (1 - y) / (1 - p) - w1 y / p) / n};
     * on logits {@code w1 y softplus(-z) + w0 (1 - y) softplus(z)}, gradient
     * {@code (w1 y (σ(z) - 1) + w0 (1 - y) σ(z)) / n}. With both weights 1 it is the unweighted loss.
     */
    public static double binaryCrossEntropy(
            Matrix prediction, Matrix target, Matrix gradient, boolean logits, double eps, double w0, double w1) {
        if (w0 != 1 || w1 != 1) {
            return weightedBinaryCrossEntropy(prediction, target, gradient, logits, eps, w0, w1);
        }
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            if (logits) {
                double z = prediction.get(i);
                s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                if (gradient != null) {
                    gradient.set(i, (Elementwise.sigmoid(z) - y) / n);
                }
            } else {
                double raw = prediction.get(i);
                double p = Math.min(Math.max(raw, eps), 1 - eps);
                s -= y * Math.log(p) + (1 - y) * Math.log1p(-p);
                if (gradient != null) {
                    gradient.set(i, p == raw ? (p - y) / (p * (1 - p)) / n : 0);
                }
            }
        }
        return s / n;
    }

    private static double weightedBinaryCrossEntropy(
            Matrix prediction, Matrix target, Matrix gradient, boolean logits, double eps, double w0, double w1) {
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            if (logits) {
                double z = prediction.get(i);
                double softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); // log(1 + e^z)
                s += w1 * y * (softplus - z) + w0 * (1 - y) * softplus;
                if (gradient != null) {
                    double sig = Elementwise.sigmoid(z);
                    gradient.set(i, (w1 * y * (sig - 1) + w0 * (1 - y) * sig) / n);
                }
            } else {
                double raw = prediction.get(i);
                double p = Math.min(Math.max(raw, eps), 1 - eps);
                s -= w1 * y * Math.log(p) + w0 * (1 - y) * Math.log1p(-p);
                if (gradient != null) {
                    gradient.set(i, p == raw ? (w0 * (1 - y) / (1 - p) - w1 * y / p) / n : 0);
                }
            }
        }
        return s / n;
    }

    /**
     * Categorical cross-entropy on probability rows, {@code -(1/m) Σ y log max(p, eps)}; gradient
     * {@code -y / p / m} (0 where clipping was active).
     */
    public static double categoricalCrossEntropy(Matrix prediction, Matrix target, Matrix gradient, double eps) {
        int n = prediction.size();
        int m = prediction.rows();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            double raw = prediction.get(i);
            double p = Math.max(raw, eps);
            if (y != 0) {
                s -= y * Math.log(p);
            }
            if (gradient != null) {
                gradient.set(i, p == raw ? -y / p / m : 0);
            }
        }
        return s / m;
    }

    /**
     * Softmax cross-entropy on logits z, {@code (1/m) Σ_rows Σ_c y_c (log Σ_k e^{z_k} - z_c)}; gradient
     * {@code (softmax(z) - y) / m}, finite for any finite logits.
     */
    public static double softmaxCrossEntropy(Matrix z, Matrix y, Matrix gradient) {
        int m = z.rows();
        int k = z.cols();
        if (!z.isDouble() && gradient != null && z.size() >= Elementwise.SCRATCH_THRESHOLD) {
            return softmaxCrossEntropyFloat(z, y, gradient);
        }
        double total = 0;
        for (int r = 0; r < m; r++) {
            int o = r * k;
            double logSum = Rows.softmaxRow(z, gradient, r);
            for (int c = 0; c < k; c++) {
                double yc = y.get(o + c);
                if (yc != 0) {
                    total += yc * (logSum - z.get(o + c));
                }
                if (gradient != null) {
                    gradient.set(o + c, (gradient.get(o + c) - yc) / m);
                }
            }
        }
        return total / m;
    }

    /**
     * {@link #softmaxCrossEntropy} with a weight per class: {@code J = (1/m) Σ_rows Σ_c w_c y_c
     * (log Σ_k e^{z_k} - z_c)}, gradient {@code ((Σ_c w_c y_c) softmax(z) - w ⊙ y) / m}.
     */
    public static double weightedSoftmaxCrossEntropy(Matrix z, Matrix y, Matrix gradient, double[] w) {
        int m = z.rows();
        int k = z.cols();
        double total = 0;
        for (int r = 0; r < m; r++) {
            int o = r * k;
            double logSum = Rows.softmaxRow(z, gradient, r);
            double rowWeight = 0;
            for (int c = 0; c < k; c++) {
                double yc = y.get(o + c);
                rowWeight += w[c] * yc;
                if (yc != 0) {
                    total += w[c] * yc * (logSum - z.get(o + c));
                }
            }
            if (gradient != null) {
                for (int c = 0; c < k; c++) {
                    gradient.set(o + c, (rowWeight * gradient.get(o + c) - w[c] * y.get(o + c)) / m);
                }
            }
        }
        return total / m;
    }

    /**
     * The float32 path of {@link #softmaxCrossEntropy} on heap arrays: per row t = z - max z, one
     * vectorized exp over the batch, then {@code J += Σ_c y_c (log Σ e^t - t_c)} and
     * {@code dJ/dz = (e^t / Σ e^t - y) / m}.
     */
    private static double softmaxCrossEntropyFloat(Matrix z, Matrix y, Matrix gradient) {
        int m = z.rows();
        int k = z.cols();
        int size = z.size();
        float[] t = z.scratch(0);
        float[] yv = y.scratch(1);
        float[] e = Scratch.floats(2, size);
        for (int r = 0; r < m; r++) {
            int o = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, t[o + c]);
            }
            for (int c = 0; c < k; c++) {
                t[o + c] -= max;
            }
        }
        FastMath.exp(t, e, Scratch.floats(3, size), Scratch.ints(size), size);
        double total = 0;
        float invM = 1f / m;
        for (int r = 0; r < m; r++) {
            int o = r * k;
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += e[o + c];
            }
            double logSum = Math.log(sum);
            float inv = (float) (1 / sum);
            for (int c = 0; c < k; c++) {
                float yc = yv[o + c];
                if (yc != 0) {
                    total += yc * (logSum - t[o + c]);
                }
                e[o + c] = (e[o + c] * inv - yc) * invM;
            }
        }
        gradient.store(e);
        return total / m;
    }
}
