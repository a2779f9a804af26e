package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * An activation applied to each element on its own, {@code a_i = f(z_i)}, whose Jacobian is therefore
 * the diagonal matrix {@code diag(f'(z))}. Subclasses give {@code f} and {@code f'} as scalar
 * functions (the reference definition, used for the explicit Jacobian); their batch loops are kernels
 * in {@code org.nnj.kernels.Elementwise}, where the JIT can vectorize them.
 */
public abstract class ElementwiseActivation implements Activation {

    /** {@code f(z)}. */
    public abstract double value(double z);

    /** {@code f'(z)}, the diagonal entry of the Jacobian. */
    public abstract double derivative(double z);

    @Override
    public INDArray jacobian(INDArray z) {
        Matrix row = Matrix.of(Activation.example(z), "z");
        int n = row.cols();
        Matrix j = Matrix.allocate(row.type(), n, n);
        for (int i = 0; i < n; i++) { // diag(f'(z))
            j.set(i, i, derivative(row.get(i)));
        }
        return j.array();
    }

    @Override
    public String toString() {
        return name();
    }
}
