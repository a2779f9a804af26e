package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SmoothActivations;

/**
 * Scaled exponential linear unit (Klambauer et al. 2017): {@code f(z) = λ z} for z > 0, else
 * {@code λ α (e^z - 1)}, with λ = 1.0507009873554805 and α = 1.6732632423543772 (self-normalizing with
 * LeCun-normal weights); {@code f'(z) = λ}, else {@code λ α e^z = a + λ α}, so backward reads the output.
 */
public final class SELU extends ElementwiseActivation {
    static final SELU INSTANCE = new SELU();

    private SELU() {}

    @Override
    public String name() {
        return "selu";
    }

    @Override
    public double value(double z) {
        return SmoothActivations.SELU_SCALE * (z > 0 ? z : SmoothActivations.SELU_ALPHA * Math.expm1(z));
    }

    @Override
    public double derivative(double z) {
        return z > 0
                ? SmoothActivations.SELU_SCALE
                : SmoothActivations.SELU_SCALE * SmoothActivations.SELU_ALPHA * Math.exp(z);
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        SmoothActivations.selu(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        SmoothActivations.seluBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ f'(z)
    }

    /** The kind the model file writes: {@code selu}, no settings. */
    public static final Kind<SELU> KIND = Kind.of("selu", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
