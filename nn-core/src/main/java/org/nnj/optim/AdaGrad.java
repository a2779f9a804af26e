package org.nnj.optim;

import org.nnj.kernels.Matrix;

/**
 * AdaGrad (Duchi et al., 2011): {@code G ← G + g²}, {@code θ ← θ - η g / (sqrt(G) + ε)}: each coordinate's
 * rate shrinks with the sum of its squared gradients.
 */
public final class AdaGrad extends Optimizer {
    private final double epsilon;

    public AdaGrad(double learningRate) {
        this(learningRate, 1e-8);
    }

    public AdaGrad(double learningRate, double epsilon) {
        this(Settings.of(learningRate), epsilon);
    }

    private AdaGrad(Settings settings, double epsilon) {
        super(settings);
        this.epsilon = Settings.requirePositive(epsilon, "epsilon");
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(Matrix value, Matrix grad, Matrix[] state, double lr, long t) {
        Matrix sum = state[0];
        for (int i = 0, n = value.size(); i < n; i++) {
            double g = grad.get(i);
            double s = sum.get(i) + g * g;
            sum.set(i, s);
            value.set(i, value.get(i) - lr * g / (Math.sqrt(s) + epsilon));
        }
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new AdaGrad(settings, epsilon);
    }

    @Override
    public String toString() {
        return "AdaGrad(lr=" + settings().learningRate() + ")";
    }
}
