package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * An activation applied to each element on its own, {@code a_i = f(z_i)}, whose Jacobian is therefore
 * the diagonal matrix {@code diag(f'(z))}. Subclasses give {@code f} and {@code f'} as scalar
 * functions (used for the explicit Jacobian and as the reference definition) and write their own
 * batch loops, which keeps each hot loop free of virtual calls.
 */
public abstract class ElementwiseActivation implements Activation {

    /** {@code f(z)}. */
    public abstract double value(double z);

    /** {@code f'(z)}, the diagonal entry of the Jacobian. */
    public abstract double derivative(double z);

    @Override
    public INDArray jacobian(INDArray z) {
        Matrix row = Activation.example(z);
        int n = row.cols();
        Matrix j = Matrix.allocate(row.type(), n, n);
        for (int i = 0; i < n; i++) {
            j.set(i, i, derivative(row.get(i)));
        }
        return j.array();
    }

    @Override
    public String toString() {
        return name();
    }
}
