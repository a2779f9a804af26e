package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;

/**
 * {@code f(z) = z if z > 0, else alpha z}, with {@code f'(z) = 1 if z > 0, else alpha}. With
 * {@code alpha >= 0}, {@code a > 0} exactly when {@code z > 0}, so backward reads the output.
 */
public final class LeakyReLU extends ElementwiseActivation {
    private final double alpha;

    /** @param alpha the slope for negative inputs; finite and {@code >= 0} (0.01 is common). */
    public LeakyReLU(double alpha) {
        if (!Double.isFinite(alpha) || alpha < 0) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    /** {@code alpha} must be at most the type's largest finite value (float32: 3.4028235E38). */
    @Override
    public void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {
        org.nnj.Require.representable(alpha, type, where + " leakyRelu alpha");
    }

    @Override
    public String name() {
        return "leakyrelu(" + alpha + ")";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : alpha * z;
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : alpha;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Elementwise.leakyRelu(Matrix.of(z, "z"), Matrix.of(a, "a"), alpha); // a = max(z, 0) + alpha min(z, 0)
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Elementwise.leakyReluBackward(
                Matrix.of(a, "a"), Matrix.of(grad, "grad"), alpha); // dJ/dz = dJ/da where a > 0, else alpha dJ/da
    }

    /** The kind the model file writes: {@code leakyrelu (alpha)}. */
    public static final Kind<LeakyReLU> KIND =
            Kind.of("leakyrelu", s -> new LeakyReLU(s.doubleValue("alpha")), Field.real("alpha"));

    @Override
    public Spec spec() {
        return KIND.spec(alpha);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeakyReLU l && Double.compare(l.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha);
    }
}
