package org.nnj.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step first shrinks the weights,
 * then takes the {@link Adam} step on the unpenalized gradient; its rule and loops are Adam's, the
 * decay is the optimizer's step 3 ({@link Optimizer}). The default λ = 0.01 is PyTorch's.
 *
 * <pre>{@code
 * input: η_t (rate, from the schedule), λ (weight decay), β1, β2 (decays), ε, θ_0 (parameters)
 * m_0 ← 0, v_0 ← 0
 * for t = 1, 2, ...
 *     g ← ∇L(θ_{t-1}), clipped                        (Optimizer, step 1)
 *     θ ← (1 - η_t λ) θ_{t-1}                         (step 3)
 *     m_t ← β1 m_{t-1} + (1 - β1) g
 *     v_t ← β2 v_{t-1} + (1 - β2) g²
 *     m̂_t ← m_t / (1 - β1^t)
 *     v̂_t ← v_t / (1 - β2^t)
 *     θ_t ← θ - η_t m̂_t / (sqrt(v̂_t) + ε)
 * }</pre>
 */
public final class AdamW extends Adam {
    public AdamW(double learningRate) {
        this(learningRate, 0.01);
    }

    public AdamW(double learningRate, double weightDecay) {
        this(Settings.of(learningRate).withWeightDecay(weightDecay), 0.9, 0.999, 1e-8);
    }

    private AdamW(Settings settings, double beta1, double beta2, double epsilon) {
        super(settings, beta1, beta2, epsilon);
    }

    @Override
    protected Optimizer with(Settings settings) {
        return new AdamW(settings, beta1(), beta2(), epsilon());
    }
}
