package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * SGD with Nesterov momentum, in PyTorch's form: the step looks ahead along the updated velocity.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), μ (momentum), θ_0 (parameters)
 * v_0 ← 0
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped and penalized         (Optimizer, steps 1 and 2)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (decoupled weight decay λ, step 3)
 *     v_t ← μ v_{t-1} + g
 *     θ_t ← θ - η_t (g + μ v_t)
 * }</pre>
 */
public final class Nesterov extends Optimizer {
    private final double momentum;
    private final Updates loops;

    /** @param momentum μ in [0, 1), typically 0.9 */
    public Nesterov(double learningRate, double momentum) {
        this(Settings.of(learningRate), momentum);
    }

    private Nesterov(Settings settings, double momentum) {
        super(settings);
        this.momentum = Settings.requireUnitInterval(momentum, "momentum");
        this.loops = Updates.nesterov(momentum);
    }

    @Override
    Updates updates() {
        return loops;
    }

    @Override
    double reference(double theta, double g, double[] s, double lr, long t) {
        double v = momentum * s[0] + g; // v_t = μ v_{t-1} + g
        s[0] = v;
        return theta - lr * (g + momentum * v); // θ_t = θ - η_t (g + μ v_t)
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
