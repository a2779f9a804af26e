package org.nnj.losses;

import org.nnj.kernels.Matrix;

/**
 * Mean absolute error, averaged over all m x k elements: {@code J = (1 / mk) Σ |ŷ - y|},
 * {@code dJ/dŷ = sign(ŷ - y) / mk} (0 where {@code ŷ = y}, where |.| has no derivative).
 */
public record MAE() implements Loss {
    @Override
    public String name() {
        return "mae";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(prediction.get(i) - target.get(i));
        }
        return s / n;
    }

    @Override
    public double valueAndGradient(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        double s = 0;
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            s += Math.abs(d);
            gradient.set(i, scale * Math.signum(d));
        }
        return s / n;
    }
}
