package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/** {@code f(z) = tanh(z)}, with {@code f'(z) = 1 - tanh(z)^2 = 1 - a^2}. */
public final class Tanh extends ElementwiseActivation {
    static final Tanh INSTANCE = new Tanh();

    private Tanh() {}

    @Override
    public String name() {
        return "tanh";
    }

    @Override
    public double value(double z) {
        return Math.tanh(z);
    }

    @Override
    public double derivative(double z) {
        double a = Math.tanh(z);
        return 1 - a * a;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Elementwise.tanh(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Elementwise.tanhBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ (1 - a²)
    }

    /** The kind the model file writes: {@code tanh}, no settings. */
    public static final Kind<Tanh> KIND = Kind.of("tanh", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
