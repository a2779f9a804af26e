package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SmoothActivations;

/**
 * The piecewise-linear sigmoid of Keras 3 and PyTorch: {@code f(z) = relu6(z + 3) / 6 = clip(z / 6 + 1/2,
 * 0, 1)}; {@code f'(z) = 1/6} for {@code -3 < z < 3}, else 0 ({@code 0 < a < 1}, so backward reads the output).
 */
public final class HardSigmoid extends ElementwiseActivation {
    static final HardSigmoid INSTANCE = new HardSigmoid();

    private HardSigmoid() {}

    @Override
    public String name() {
        return "hardsigmoid";
    }

    @Override
    public double value(double z) {
        return Math.min(1, Math.max(0, z / 6 + 0.5));
    }

    @Override
    public double derivative(double z) {
        return z > -3 && z < 3 ? 1.0 / 6 : 0;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        SmoothActivations.hardSigmoid(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        SmoothActivations.hardSigmoidBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad")); // dJ/dz = dJ/da ⊙ f'(z)
    }

    /** The kind the model file writes: {@code hardsigmoid}, no settings. */
    public static final Kind<HardSigmoid> KIND = Kind.of("hardsigmoid", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
