package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * An activation function {@code a = f(z)} applied to each row (example) of a batch.
 *
 * <p>Backpropagation through an activation multiplies the upstream gradient by the transposed
 * Jacobian of {@code f}: {@code dJ/dz = (da/dz)^T dJ/da}. For an elementwise function the Jacobian is
 * diagonal, {@code da/dz = diag(f'(z))}, so this is the elementwise product {@code dJ/da ⊙ f'(z)}; for
 * softmax it is a full matrix and {@link #backward} computes the whole Jacobian-vector product.
 *
 * <p>Every activation here can express its derivative through its output {@code a} alone (e.g.
 * sigmoid: {@code f'(z) = a(1 - a)}), so layers keep only {@code a} and apply the activation in place.
 * The tutorials write examples as columns; here each example is a row.
 */
public interface Activation {
    /** Short lower-case name, as in {@code "sigmoid"}. */
    String name();

    /** {@code a = f(z)} row by row; {@code a} may be the same matrix as {@code z} (in place). */
    void forward(Matrix z, Matrix a);

    /**
     * Replaces {@code grad}, holding {@code dJ/da}, with {@code dJ/dz = J^T dJ/da} for each row, where
     * {@code J = da/dz} is evaluated at the output {@code a} that {@link #forward} produced.
     */
    void backward(Matrix a, Matrix grad);

    /**
     * The explicit Jacobian {@code da/dz} (n x n, entry (i, j) = da_i / dz_j) at the point {@code z}, a
     * 1 x n row for one example, computed from its closed form rather than through {@link #backward}.
     */
    INDArray jacobian(INDArray z);

    /** The 1 x n example {@code z} of a Jacobian, checked. */
    static Matrix example(INDArray z) {
        Matrix row = Matrix.of(z, "z");
        if (row.rows() != 1) {
            throw new IllegalArgumentException("z must be one example (1 x n), got " + row.describe());
        }
        return row;
    }

    static Activation identity() {
        return Identity.INSTANCE;
    }

    static Activation step() {
        return Step.INSTANCE;
    }

    static Activation sigmoid() {
        return Sigmoid.INSTANCE;
    }

    static Activation tanh() {
        return Tanh.INSTANCE;
    }

    static Activation relu() {
        return ReLU.INSTANCE;
    }

    static Activation leakyRelu(double alpha) {
        return new LeakyReLU(alpha);
    }

    static Activation softmax() {
        return Softmax.INSTANCE;
    }
}
