package org.nnj.losses;

import org.nnj.kernels.Matrix;

/**
 * Categorical cross-entropy on probabilities (after a softmax output), averaged over the m examples:
 * {@code J = -(1/m) Σ_r Σ_k y_rk log p_rk}, {@code dJ/dp = -y / p / m}, with p clipped below at
 * ε = 1e-7 so that the loss stays finite (the gradient is that of the clipped loss: 0 where p < ε). Targets are one-hot (or probability) rows.
 *
 * <p>Prefer {@link SoftmaxCrossEntropy} on logits: it fuses softmax and this loss into the gradient
 * {@code (p - y) / m}, which is both cheaper and stable for any logits.
 */
public record CategoricalCrossEntropy() implements Loss {
    static final double EPSILON = 1e-7;

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
        return compute(prediction, target, null);
    }

    @Override
    public double valueAndGradient(Matrix prediction, Matrix target, Matrix gradient) {
        return compute(prediction, target, gradient);
    }

    private static double compute(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        int m = prediction.rows();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double y = target.get(i);
            double raw = prediction.get(i);
            double p = Math.max(raw, EPSILON);
            if (y != 0) {
                s -= y * Math.log(p);
            }
            if (gradient != null) {
                gradient.set(i, p == raw ? -y / p / m : 0);
            }
        }
        return s / m;
    }

    @Override
    public void checkTargets(Matrix target, String argName) {
        TargetChecks.requireDistributionRows(target, argName, name());
    }
}
