package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * Plain (stochastic) gradient descent.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), θ_0 (parameters)
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped and penalized         (Optimizer, steps 1 and 2)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (decoupled weight decay λ, step 3)
 *     θ_t ← θ - η_t g
 * }</pre>
 */
public final class SGD extends Optimizer {
    /** @param learningRate η, finite and > 0 */
    public SGD(double learningRate) {
        this(Settings.of(learningRate));
    }

    private SGD(Settings settings) {
        super(settings);
    }

    @Override
    Updates updates() {
        return Updates.sgd();
    }

    @Override
    double reference(double theta, double g, double[] s, double lr, long t) {
        return theta - lr * g; // θ_t = θ - η_t g
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
