package org.nnj.optim;

import org.nnj.kernels.Updates;

/** Plain (stochastic) gradient descent: {@code θ ← θ - η g}. */
public final class SGD extends Optimizer {
    /** @param learningRate η, finite and > 0 */
    public SGD(double learningRate) {
        this(Settings.of(learningRate));
    }

    private SGD(Settings settings) {
        super(settings);
    }

    @Override
    protected int stateSlots() {
        return 0;
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
        Updates.sgd(p, g, out, n, lr, shrink); // θ' = θ - η g
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
        Updates.sgd(p, g, out, n, lr, shrink);
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new SGD(settings);
    }

    @Override
    public String toString() {
        return "SGD(lr=" + settings().learningRate() + ")";
    }
}
