package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * The rectifier {@code f(z) = max(0, z)}, with {@code f'(z) = 1 if z > 0, else 0} (the derivative at 0
 * is taken as 0, as in PyTorch and DL4J). Since {@code a > 0} exactly when {@code z > 0}, backward
 * reads the output.
 */
public final class ReLU extends ElementwiseActivation {
    static final ReLU INSTANCE = new ReLU();

    private ReLU() {}

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : 0;
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : 0;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Elementwise.leakyRelu(Matrix.of(z, "z"), Matrix.of(a, "a"), 0); // a = max(z, 0)
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Elementwise.leakyReluBackward(
                Matrix.of(a, "a"), Matrix.of(grad, "grad"), 0); // dJ/dz = dJ/da where a > 0, else 0
    }

    /** The kind the model file writes: {@code relu}, no settings. */
    public static final Kind<ReLU> KIND = Kind.of("relu", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
