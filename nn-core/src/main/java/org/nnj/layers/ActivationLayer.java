package org.nnj.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.kernels.Matrix;

/**
 * An activation as a layer of its own, {@code a = f(x)}, with no parameters: the form in which the
 * tutorials show backpropagation as a chain of Jacobians. Backward is {@code dJ/dx = J^T dJ/da}, with
 * {@code J = diag(f'(x))} for elementwise functions and the full softmax Jacobian for softmax.
 * ({@code Dense(in, out, activation)} fuses the same computation into the dense layer.) Its input
 * x is the activation's z, so an activation whose derivative needs z (GELU, SiLU) reads it from x.
 */
public final class ActivationLayer extends ParameterFreeLayer {
    private final Activation activation;

    public ActivationLayer(int size, Activation activation) {
        super(size);
        this.activation = Require.notNull(activation, "activation");
    }

    @Override
    public void requireRepresentable(DataType type, String where) {
        activation.requireRepresentable(type, where);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String name() {
        return "Activation(" + size + ", " + activation.name() + ")";
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        activation.forward(x, out);
    }

    /** Its backward pass reads only its arguments, so it may be applied at several nodes of a graph. */
    @Override
    public boolean sharable() {
        return true;
    }

    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (x == out && activation.needsInput()) {
            throw new IllegalStateException(
                    name() + ": " + activation.name() + "'s derivative needs the input z,"
                            + " which a forward pass in place (out == x) overwrote; give the layer an output buffer of its own");
        }
        activation.backward(x, out, gradOut); // gradOut now holds dJ/dx = Jᵀ dJ/d(out), J at x = z
        if (gradIn != null) {
            Matrix.of(gradIn, "gradIn").copyFrom(Matrix.of(gradOut, "gradOut"));
        }
    }

    /** The kind the model file writes: {@code activation (size, activation)}. */
    public static final Kind<ActivationLayer> KIND = Kind.of(
            "activation",
            s -> new ActivationLayer(s.intValue("size"), Activation.fromSpec(s.spec("activation"))),
            Field.integer("size"),
            Field.activation("activation"));

    @Override
    public Spec spec() {
        return KIND.spec(size, activation.spec());
    }

    @Override
    public INDArray jacobian(INDArray x) {
        return activation.jacobian(checkedExample(x));
    }
}
