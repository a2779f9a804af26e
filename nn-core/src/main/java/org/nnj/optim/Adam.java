package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * Adam (Kingma and Ba, 2015), with bias correction: at step t,
 * {@code m ← β1 m + (1 - β1) g}, {@code v ← β2 v + (1 - β2) g²},
 * {@code m̂ = m / (1 - β1^t)}, {@code v̂ = v / (1 - β2^t)}, {@code θ ← θ - η m̂ / (sqrt(v̂) + ε)}.
 *
 * <p>For AdamW (decoupled weight decay, Loshchilov and Hutter, 2019) use {@link AdamW} or
 * {@code new Adam(lr).withWeightDecay(λ)}; {@code withL2(λ)} is Adam with an L2 penalty, which is not
 * the same thing.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this(Settings.of(learningRate), beta1, beta2, epsilon);
    }

    Adam(Settings settings, double beta1, double beta2, double epsilon) {
        super(settings);
        this.beta1 = Settings.requireUnitInterval(beta1, "beta1");
        this.beta2 = Settings.requireUnitInterval(beta2, "beta2");
        this.epsilon = Settings.requirePositive(epsilon, "epsilon");
    }

    @Override
    protected final int stateSlots() {
        return 2;
    }

    @Override
    protected final void update(
            float[] p,
            float[] g,
            float[] out,
            int n,
            float[][] state,
            float[][] next,
            double lr,
            double shrink,
            long t) {
        Updates.adam(p, g, out, n, state[0], state[1], next[0], next[1], lr, shrink, beta1, beta2, epsilon, t);
    }

    @Override
    protected final void update(
            double[] p,
            double[] g,
            double[] out,
            int n,
            double[][] state,
            double[][] next,
            double lr,
            double shrink,
            long t) {
        Updates.adam(p, g, out, n, state[0], state[1], next[0], next[1], lr, shrink, beta1, beta2, epsilon, t);
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new Adam(settings, beta1, beta2, epsilon);
    }

    double beta1() {
        return beta1;
    }

    double beta2() {
        return beta2;
    }

    double epsilon() {
        return epsilon;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + settings().learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2
                + (settings().weightDecay() > 0 ? ", weightDecay=" + settings().weightDecay() : "") + ")";
    }
}
