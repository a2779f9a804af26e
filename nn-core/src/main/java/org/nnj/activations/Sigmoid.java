package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * The logistic sigmoid {@code σ(z) = 1 / (1 + e^-z)}, with {@code σ'(z) = σ(z)(1 - σ(z))}: the
 * diagonal of its Jacobian is {@code a(1 - a)}.
 *
 * <p>Computed without overflow for any finite z: for {@code z < 0} it uses {@code e^z / (1 + e^z)}.
 */
public final class Sigmoid extends ElementwiseActivation {
    static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {}

    @Override
    public String name() {
        return "sigmoid";
    }

    @Override
    public double value(double z) {
        return Elementwise.sigmoid(z); // 1 / (1 + e^-z), or e^z / (1 + e^z) for z < 0
    }

    @Override
    public double derivative(double z) {
        double a = value(z);
        return a * (1 - a);
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Elementwise.sigmoid(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Elementwise.sigmoidBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ a(1 - a)
    }

    /** The kind the model file writes: {@code sigmoid}, no settings. */
    public static final Kind<Sigmoid> KIND = Kind.of("sigmoid", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
