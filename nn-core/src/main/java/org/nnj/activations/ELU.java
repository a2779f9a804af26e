package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.SmoothActivations;

/**
 * Exponential linear unit (Clevert et al. 2015): {@code f(z) = z} for z > 0, else {@code α (e^z - 1)};
 * {@code f'(z) = 1}, else {@code α e^z = a + α}. With α > 0, {@code a > 0} exactly when {@code z > 0},
 * so backward reads the output.
 */
public final class ELU extends ElementwiseActivation {
    private final double alpha;

    /** @param alpha the negative saturation value's size; finite and {@code > 0} (1 is common). */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    /** {@code alpha} must be at most the type's largest finite value (float32: 3.4028235E38). */
    @Override
    public void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {
        org.nnj.Require.representable(alpha, type, where + " elu alpha");
    }

    @Override
    public String name() {
        return "elu(" + alpha + ")";
    }

    @Override
    public double value(double z) {
        return z > 0 ? z : alpha * Math.expm1(z);
    }

    @Override
    public double derivative(double z) {
        return z > 0 ? 1 : alpha * Math.exp(z);
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        SmoothActivations.elu(Matrix.of(z, "z"), Matrix.of(a, "a"), alpha);
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        SmoothActivations.eluBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad"), alpha); // dJ/da ⊙ (1 or a + α)
    }

    /** The kind the model file writes: {@code elu (alpha)}. */
    public static final Kind<ELU> KIND = Kind.of("elu", s -> new ELU(s.doubleValue("alpha")), Field.real("alpha"));

    @Override
    public Spec spec() {
        return KIND.spec(alpha);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ELU e && Double.compare(e.alpha, alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha);
    }
}
