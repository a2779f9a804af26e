package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;

/** {@code f(z) = z}, {@code f'(z) = 1}: a linear output, as in regression or before a fused softmax loss. */
public final class Identity extends ElementwiseActivation {
    static final Identity INSTANCE = new Identity();

    private Identity() {}

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public double value(double z) {
        return z;
    }

    @Override
    public double derivative(double z) {
        return 1;
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        if (z != a) {
            Matrix.of(a, "a").copyFrom(Matrix.of(z, "z"));
        }
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        // J = I: the gradient passes through unchanged.
    }

    /** The kind the model file writes: {@code identity}, no settings. */
    public static final Kind<Identity> KIND = Kind.of("identity", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
