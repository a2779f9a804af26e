package org.nnj.optim;

import org.nnj.kernels.Updates;

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
    protected void update(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[][] state,
            float[][] next,
            double lr,
            double shrink,
            long t) {
        Updates.momentum(p, g, out, n, state[0], next[0], lr, shrink, momentum, true);
    }

    @Override
    protected void update(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[][] state,
            double[][] next,
            double lr,
            double shrink,
            long t) {
        Updates.momentum(p, g, out, n, state[0], next[0], lr, shrink, momentum, true);
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
