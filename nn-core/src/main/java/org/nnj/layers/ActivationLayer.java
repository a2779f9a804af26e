package org.nnj.layers;

import org.nnj.Require;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.kernels.Matrix;

/**
 * An activation as a layer of its own, {@code a = f(x)}, with no parameters: the form in which the
 * tutorials show backpropagation as a chain of Jacobians. Backward is {@code dJ/dx = J^T dJ/da}, with
 * {@code J = diag(f'(x))} for elementwise functions and the full softmax Jacobian for softmax.
 * ({@code Dense(in, out, activation)} fuses the same computation into the dense layer.)
 */
public final class ActivationLayer extends BaseLayer {
    private final int size;
    private final Activation activation;
    private DataType type;

    public ActivationLayer(int size, Activation activation) {
        requirePositive(size, "size");
        this.size = size;
        this.activation = Require.notNull(activation, "activation");
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String name() {
        return "Activation(" + size + ", " + activation.name() + ")";
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public void build(DataType type, Random rng) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + " is already built (a layer belongs to one network)");
        }
        this.type = requireType(type);
    }

    @Override
    public boolean isBuilt() {
        return type != null;
    }

    @Override
    public DataType dataType() {
        return type;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void forward(Matrix x, Matrix out, boolean training) {
        activation.forward(x, out);
    }

    @Override
    public void backward(Matrix x, Matrix out, Matrix gradOut, Matrix gradIn) {
        activation.backward(out, gradOut);
        if (gradIn != null) {
            gradIn.copyFrom(gradOut);
        }
    }

    @Override
    public INDArray jacobian(INDArray x) {
        return activation.jacobian(checkedExample(x).array());
    }
}
