package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * SGD with (heavy-ball) momentum, in PyTorch's form: {@code v ← μ v + g}, {@code θ ← θ - η v}, with v = 0
 * at the start. (Keras writes {@code v ← μ v - η g}, {@code θ ← θ + v}: the same for a constant η.)
 */
public final class Momentum extends Optimizer {
    private final double momentum;

    /** @param momentum μ in [0, 1), typically 0.9 */
    public Momentum(double learningRate, double momentum) {
        this(Settings.of(learningRate), momentum);
    }

    private Momentum(Settings settings, double momentum) {
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
        Updates.momentum(p, g, out, n, state[0], next[0], lr, shrink, momentum, false);
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
        Updates.momentum(p, g, out, n, state[0], next[0], lr, shrink, momentum, false);
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new Momentum(settings, momentum);
    }

    @Override
    public String toString() {
        return "Momentum(lr=" + settings().learningRate() + ", momentum=" + momentum + ")";
    }
}
