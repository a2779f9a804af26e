package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.GatedActivations;
import org.nnj.kernels.Matrix;

/**
 * The sigmoid linear unit, or swish (Elfwing et al. 2017, Ramachandran et al. 2017): {@code f(z) = z
 * σ(z)}, {@code f'(z) = σ(z) + z σ(z)(1 - σ(z)) = σ(z)(1 + z (1 - σ(z)))}. As PyTorch's {@code
 * nn.SiLU} and Keras's {@code silu}/{@code swish}. Its minimum is {@code f(-1.2785) ≈ -0.2785}: not
 * monotonic, so backward needs z ({@link #needsInput()}).
 */
public final class SiLU extends GatedActivation {
    static final SiLU INSTANCE = new SiLU();

    private SiLU() {}

    @Override
    public String name() {
        return "silu";
    }

    @Override
    public double value(double z) {
        return z * Elementwise.sigmoid(z);
    }

    @Override
    public double derivative(double z) {
        return Elementwise.sigmoid(z) * (1 + z * Elementwise.sigmoid(-z)); // 1 - σ(z) = σ(-z)
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        GatedActivations.silu(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray z, INDArray a, INDArray grad) {
        GatedActivations.siluBackward(Matrix.of(z, "z"), Matrix.of(grad, "grad")); // dJ/da ⊙ σ(z)(1 + z(1 - σ(z)))
    }

    /** The kind the model file writes: {@code silu}, no settings. */
    public static final Kind<SiLU> KIND = Kind.of("silu", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
