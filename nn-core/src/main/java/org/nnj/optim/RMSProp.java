package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * RMSProp (Hinton, 2012): AdaGrad with a moving average of the squared gradients instead of their
 * sum, so that the rate does not decay to zero.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), ρ (decay), ε, θ_0 (parameters)
 * s_0 ← 0
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped and penalized         (Optimizer, steps 1 and 2)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (decoupled weight decay λ, step 3)
 *     s_t ← ρ s_{t-1} + (1 - ρ) g²
 *     θ_t ← θ - η_t g / (sqrt(s_t) + ε)
 * }</pre>
 */
public final class RMSProp extends Optimizer {
    private final double rho;
    private final double epsilon;
    private final Updates loops;

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
        this.loops = Updates.rmsProp(rho, epsilon);
    }

    @Override
    Updates updates() {
        return loops;
    }

    @Override
    double reference(double theta, double g, double[] s, double lr, long t) {
        double mean = rho * s[0] + (1 - rho) * g * g; // s_t = ρ s_{t-1} + (1 - ρ) g²
        s[0] = mean;
        return theta - lr * g / (Math.sqrt(mean) + epsilon); // θ_t = θ - η_t g / (sqrt(s_t) + ε)
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
