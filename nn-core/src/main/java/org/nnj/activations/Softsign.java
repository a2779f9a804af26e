package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SmoothActivations;

/**
 * {@code f(z) = z / (1 + |z|)}, a tanh-like squashing with polynomial tails;
 * {@code f'(z) = 1 / (1 + |z|)^2 = (1 - |a|)^2}, so backward reads the output.
 */
public final class Softsign extends ElementwiseActivation {
    static final Softsign INSTANCE = new Softsign();

    private Softsign() {}

    @Override
    public String name() {
        return "softsign";
    }

    @Override
    public double value(double z) {
        return z / (1 + Math.abs(z));
    }

    @Override
    public double derivative(double z) {
        double q = 1 + Math.abs(z);
        return 1 / (q * q);
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        SmoothActivations.softsign(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        SmoothActivations.softsignBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ f'(z)
    }

    /** The kind the model file writes: {@code softsign}, no settings. */
    public static final Kind<Softsign> KIND = Kind.of("softsign", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
