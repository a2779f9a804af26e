package org.nnj.losses;

import org.nnj.activations.Sigmoid;
import org.nnj.kernels.Matrix;

/**
 * Binary cross-entropy, averaged over all m x k elements, for targets y in [0, 1].
 *
 * <p><b>On probabilities</b> ({@link #onProbabilities()}, after a sigmoid output):
 * {@code J = -(1/mk) Σ [y log p + (1 - y) log(1 - p)]}, {@code dJ/dp = (p - y) / (p (1 - p)) / mk}, with
 * p clipped to {@code [ε, 1 - ε]}, ε = 1e-7 (as Keras), so that the loss stays finite when the sigmoid
 * saturates. The gradient is that of the clipped loss: 0 where p lies outside the clip range (as in
 * Keras/TensorFlow), so it always agrees with finite differences.
 *
 * <p><b>On logits</b> ({@link #fromLogits()}, after a linear output): with {@code p = σ(z)},
 * {@code J = (1/mk) Σ [max(z, 0) - z y + log(1 + e^{-|z|})]}, which is exact and finite for any finite
 * z, and {@code dJ/dz = (σ(z) - y) / mk}. A network trained with it predicts {@code σ(z)}.
 */
public final class BinaryCrossEntropy implements Loss {
    /** Clipping bound for probabilities. */
    public static final double EPSILON = 1e-7;

    private final boolean logits;

    private BinaryCrossEntropy(boolean logits) {
        this.logits = logits;
    }

    public static BinaryCrossEntropy onProbabilities() {
        return new BinaryCrossEntropy(false);
    }

    public static BinaryCrossEntropy fromLogits() {
        return new BinaryCrossEntropy(true);
    }

    public boolean isFromLogits() {
        return logits;
    }

    @Override
    public String name() {
        return logits ? "binary_crossentropy_from_logits" : "binary_crossentropy";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
        return compute(prediction, target, null);
    }

    @Override
    public double valueAndGradient(Matrix prediction, Matrix target, Matrix gradient) {
        return compute(prediction, target, gradient);
    }

    private double compute(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            if (logits) {
                double z = prediction.get(i);
                s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                if (gradient != null) {
                    gradient.set(i, (Sigmoid.sigmoid(z) - y) / n);
                }
            } else {
                double raw = prediction.get(i);
                double p = Math.min(Math.max(raw, EPSILON), 1 - EPSILON);
                s -= y * Math.log(p) + (1 - y) * Math.log1p(-p);
                if (gradient != null) {
                    gradient.set(i, p == raw ? (p - y) / (p * (1 - p)) / n : 0);
                }
            }
        }
        return s / n;
    }

    @Override
    public void checkTargets(Matrix target, String argName) {
        TargetChecks.requireProbabilities(target, argName, name());
    }

    @Override
    public void link(Matrix output) {
        if (logits) {
            int n = output.size();
            for (int i = 0; i < n; i++) {
                output.set(i, Sigmoid.sigmoid(output.get(i)));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCrossEntropy b && b.logits == logits;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(logits);
    }

    @Override
    public String toString() {
        return name();
    }
}
