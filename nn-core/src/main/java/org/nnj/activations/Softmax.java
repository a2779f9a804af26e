package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

/**
 * Softmax over each row: {@code a_i = e^{z_i} / Σ_k e^{z_k}}, computed as {@code e^{z_i - max z}} so that
 * it stays finite for any finite z.
 *
 * <p>Its Jacobian is full, not diagonal: {@code da_i/dz_j = a_i (δ_ij - a_j)}, i.e.
 * {@code J = diag(a) - a a^T}. Backward computes the Jacobian-vector product
 * {@code J^T g = a ⊙ (g - (g · a))} (J is symmetric) for each row, in O(n) instead of forming J.
 */
public final class Softmax implements Activation {
    static final Softmax INSTANCE = new Softmax();

    private Softmax() {}

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public void forward(INDArray z, INDArray a) {
        Rows.softmax(Matrix.of(z, "z"), Matrix.of(a, "a"));
    }

    @Override
    public void backward(INDArray a, INDArray grad) {
        Rows.softmaxBackward(Matrix.of(a, "a"), Matrix.of(grad, "grad"));
    }

    /** {@code J = diag(a) - a aᵀ} at a = softmax(z). */
    @Override
    public INDArray jacobian(INDArray z) {
        Matrix row = Matrix.of(Activation.example(z), "z");
        int n = row.cols();
        Matrix a = Matrix.allocate(row.type(), 1, n);
        Rows.softmax(row, a);
        Matrix j = Matrix.allocate(row.type(), n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                j.set(i, k, a.get(i) * ((i == k ? 1 : 0) - a.get(k)));
            }
        }
        return j.array();
    }

    @Override
    public String toString() {
        return name();
    }

    /** The kind the model file writes: {@code softmax}, no settings. */
    public static final Kind<Softmax> KIND = Kind.of("softmax", s -> INSTANCE);

    @Override
    public Spec spec() {
        return KIND.spec();
    }
}
