package org.nnj.optim;

import org.nnj.kernels.Updates;

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
        Updates.adaptive(p, g, out, n, state[0], next[0], lr, shrink, 1, epsilon);
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
        Updates.adaptive(p, g, out, n, state[0], next[0], lr, shrink, 1, epsilon);
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
