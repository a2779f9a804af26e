package org.nnj.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step first shrinks the weights,
 * {@code θ ← θ - η_t λ θ}, then takes the {@link Adam} step on the unpenalized gradient. The default
 * λ = 0.01 is PyTorch's.
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
