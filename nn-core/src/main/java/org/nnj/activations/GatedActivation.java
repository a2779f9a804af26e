package org.nnj.activations;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An elementwise activation {@code f(z) = z g(z)} with a gate g between 0 and 1 (GELU, SiLU): smooth
 * and not monotonic (it dips below 0 for negative z before returning to 0), so one output a comes
 * from two inputs z and {@code f'(z)} cannot be read back from a. It {@link #needsInput() needs the
 * input}: its backward pass is {@link #backward(INDArray, INDArray, INDArray)}, given z, and the
 * layers keep z in training for it. The output-only {@link #backward(INDArray, INDArray)} is refused.
 */
public abstract class GatedActivation extends ElementwiseActivation {
    /** True: {@code f'(z)} is computed from z. */
    @Override
    public final boolean needsInput() {
        return true;
    }

    /** Replaces {@code grad} ({@code dJ/da}) with {@code dJ/dz = dJ/da ⊙ f'(z)}; a is not read. */
    @Override
    public abstract void backward(INDArray z, INDArray a, INDArray grad);

    /**
     * Refused: {@code f'(z)} is not a function of the output.
     *
     * @throws UnsupportedOperationException naming the fix, {@code backward(z, a, grad)}
     */
    @Override
    public final void backward(INDArray a, INDArray grad) {
        throw new UnsupportedOperationException(name() + "'s derivative needs the input z, not only the output a ("
                + name() + " is not monotonic, so z cannot be read back from a): call backward(z, a, grad), as"
                + " layers do for an activation whose needsInput() is true");
    }
}
