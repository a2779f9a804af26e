package org.nnj.optim;

import org.nnj.kernels.Updates;

/**
 * Adam (Kingma and Ba, 2015), with bias correction.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), β1, β2 (decays), ε, θ_0 (parameters)
 * m_0 ← 0, v_0 ← 0
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped and penalized         (Optimizer, steps 1 and 2)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (decoupled weight decay λ, step 3)
 *     m_t ← β1 m_{t-1} + (1 - β1) g
 *     v_t ← β2 v_{t-1} + (1 - β2) g²
 *     m̂_t ← m_t / (1 - β1^t)
 *     v̂_t ← v_t / (1 - β2^t)
 *     θ_t ← θ - η_t m̂_t / (sqrt(v̂_t) + ε)
 * }</pre>
 *
 * <p>For AdamW (decoupled weight decay, Loshchilov and Hutter, 2019) use {@link AdamW} or
 * {@code new Adam(lr).withWeightDecay(λ)}; {@code withL2(λ)} is Adam with an L2 penalty, which is not
 * the same thing.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Updates loops;

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
        this.loops = Updates.adam(beta1, beta2, epsilon);
    }

    @Override
    final Updates updates() {
        return loops;
    }

    @Override
    final double reference(double theta, double g, double[] s, double lr, long t) {
        double m = beta1 * s[0] + (1 - beta1) * g; // m_t = β1 m_{t-1} + (1 - β1) g
        double v = beta2 * s[1] + (1 - beta2) * g * g; // v_t = β2 v_{t-1} + (1 - β2) g²
        s[0] = m;
        s[1] = v;
        double mHat = m / (1 - Math.pow(beta1, t)); // m̂_t = m_t / (1 - β1^t)
        double vHat = v / (1 - Math.pow(beta2, t)); // v̂_t = v_t / (1 - β2^t)
        return theta - lr * mHat / (Math.sqrt(vHat) + epsilon); // θ_t = θ - η_t m̂_t / (sqrt(v̂_t) + ε)
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
