package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * AdaGrad (Duchi et al., 2011): each coordinate's rate shrinks with the sum of its squared gradients.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), ε, θ_0 (parameters)
 * G_0 ← 0
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped and penalized         (Optimizer, steps 1 and 2)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (decoupled weight decay λ, step 3)
 *     G_t ← G_{t-1} + g²
 *     θ_t ← θ - η_t g / (sqrt(G_t) + ε)
 * }</pre>
 */
public final class AdaGrad extends Optimizer {
    private final double epsilon;
    private final Updates loops;

    /** ε = 1e-8. */
    public AdaGrad(double learningRate) {
        this(learningRate, 1e-8);
    }

    public AdaGrad(double learningRate, double epsilon) {
        this(Settings.of(learningRate), epsilon);
    }

    private AdaGrad(Settings settings, double epsilon) {
        super(settings);
        this.epsilon = Settings.requirePositive(epsilon, "epsilon");
        this.loops = Updates.adaGrad(epsilon);
    }

    @Override
    Updates updates() {
        return loops;
    }

    @Override
    double reference(double theta, double g, double[] s, double lr, long t) {
        double sum = s[0] + g * g; // G_t = G_{t-1} + g²
        s[0] = sum;
        return theta - lr * g / (Math.sqrt(sum) + epsilon); // θ_t = θ - η_t g / (sqrt(G_t) + ε)
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
