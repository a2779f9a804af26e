package org.nnj.optim;

import org.nnj.kernels.Matrix;

/**
 * SGD with Nesterov momentum, in PyTorch's form: {@code v ← μ v + g}, {@code θ ← θ - η (g + μ v)}: the
 * step looks ahead along the updated velocity.
 */
public final class Nesterov extends Optimizer {
    private final double momentum;

    /** @param momentum μ in [0, 1), typically 0.9 */
    public Nesterov(double learningRate, double momentum) {
        this(Settings.of(learningRate), momentum);
    }

    private Nesterov(Settings settings, double momentum) {
        super(settings);
        this.momentum = Settings.requireUnitInterval(momentum, "momentum");
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(Matrix value, Matrix grad, Matrix[] state, double lr, long t) {
        Matrix v = state[0];
        for (int i = 0, n = value.size(); i < n; i++) {
            double g = grad.get(i);
            double vi = momentum * v.get(i) + g;
            v.set(i, vi);
            value.set(i, value.get(i) - lr * (g + momentum * vi));
        }
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new Nesterov(settings, momentum);
    }

    @Override
    public String toString() {
        return "Nesterov(lr=" + settings().learningRate() + ", momentum=" + momentum + ")";
    }
}
