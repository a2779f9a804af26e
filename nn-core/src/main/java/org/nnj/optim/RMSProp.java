package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * RMSProp (Hinton, 2012): {@code s ← ρ s + (1 - ρ) g²}, {@code θ ← θ - η g / (sqrt(s) + ε)}: AdaGrad with a
 * moving average instead of a sum, so the rate does not decay to zero.
 */
public final class RMSProp extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** ρ = 0.9, ε = 1e-8. */
    public RMSProp(double learningRate) {
        this(learningRate, 0.9, 1e-8);
    }

    public RMSProp(double learningRate, double rho, double epsilon) {
        this(Settings.of(learningRate), rho, epsilon);
    }

    private RMSProp(Settings settings, double rho, double epsilon) {
        super(settings);
        this.rho = Settings.requireUnitInterval(rho, "rho");
        this.epsilon = Settings.requirePositive(epsilon, "epsilon");
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
        Updates.adaptive(p, g, out, n, state[0], next[0], lr, shrink, rho, epsilon);
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
        Updates.adaptive(p, g, out, n, state[0], next[0], lr, shrink, rho, epsilon);
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new RMSProp(settings, rho, epsilon);
    }

    @Override
    public String toString() {
        return "RMSProp(lr=" + settings().learningRate() + ", rho=" + rho + ")";
    }
}
