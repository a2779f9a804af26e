package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SmoothActivations;

/**
 * {@code f(z) = log(1 + e^z)} (computed as {@code max(z, 0) + log(1 + e^{-|z|})}), a smooth ReLU;
 * {@code f'(z) = σ(z) = 1 - e^{-a}}, so backward reads the output.
 */
public final class Softplus extends ElementwiseActivation {
    static final Softplus INSTANCE = new Softplus();

    private Softplus() {}

    @Override
    public String name() {
        return "softplus";
    }

    @Override
    public double value(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    public double derivative(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        SmoothActivations.softplus(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        SmoothActivations.softplusBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ f'(z)
    }

    /** The kind the model file writes: {@code softplus}, no settings. */
    public static final Kind<Softplus> KIND = Kind.of("softplus", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
