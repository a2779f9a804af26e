package org.nnj.losses;

import org.nnj.kernels.Matrix;

/**
 * Mean squared error, averaged over all m x k elements (the convention of Keras, PyTorch and DL4J):
 * {@code J = (1 / mk) Σ (ŷ - y)^2}, {@code dJ/dŷ = 2 (ŷ - y) / mk}.
 *
 * <p>The tutorials sometimes write {@code ½ Σ (y - a)^2}; that differs from this by a constant factor
 * only, which a learning rate twice as large (for one output, mk/2 as large) absorbs.
 */
public record MSE() implements Loss {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double value(Matrix prediction, Matrix target) {
        int n = prediction.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            s += d * d;
        }
        return s / n;
    }

    @Override
    public double valueAndGradient(Matrix prediction, Matrix target, Matrix gradient) {
        int n = prediction.size();
        double s = 0;
        double scale = 2.0 / n;
        for (int i = 0; i < n; i++) {
            double d = prediction.get(i) - target.get(i);
            s += d * d;
            gradient.set(i, scale * d);
        }
        return s / n;
    }
}
