package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * The Heaviside step of the perceptron: {@code f(z) = 1 if z >= 0, else 0}.
 *
 * <p>Its derivative is zero wherever it exists (and undefined at 0, taken here as 0), so gradient
 * descent through it learns nothing: backward returns zeros. That is why the perceptron is trained
 * with the perceptron rule ({@code w += lr (y - a) x}, see {@code org.nnj.models.Perceptron}) and
 * why smooth activations such as the sigmoid replaced it.
 */
public final class Step extends ElementwiseActivation {
    static final Step INSTANCE = new Step();

    private Step() {}

    @Override
    public String name() {
        return "step";
    }

    @Override
    public double value(double z) {
        return z >= 0 ? 1 : 0;
    }

    @Override
    public double derivative(double z) {
        return 0;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Elementwise.step(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Matrix.of(grad, "grad").fill(0); // f' = 0 almost everywhere
    }

    /** The kind the model file writes: {@code step}, no settings. */
    public static final Kind<Step> KIND = Kind.of("step", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
