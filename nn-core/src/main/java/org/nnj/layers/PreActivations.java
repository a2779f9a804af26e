package org.nnj.layers;

import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.kernels.Matrix;

/**
 * The pre-activations {@code Z} a layer {@code a = f(Z)}, {@code Z = linear(x)} keeps for an
 * activation whose backward pass needs them ({@link Activation#needsInput()}: GELU, SiLU), where the
 * layer's output holds only a. Buffers are kept by batch size ({@value #CACHED_SIZES} sizes: a fit
 * uses the batch size and the short last batch), allocated on first use and reused, so training
 * allocates nothing after its first step at a size.
 *
 * <p>A training forward pass writes Z into a buffer here and records which input array it was for;
 * the backward pass of the same array uses it. Inference passes never come here (they run from many
 * threads at once and write no state: they apply f in place), so a backward pass after one, or after
 * nothing, finds no Z and computes Z from its input again.
 */
final class PreActivations {
    private static final int CACHED_SIZES = 4;

    private final int cols;
    private final Matrix[] buffers = new Matrix[CACHED_SIZES];
    private int nextSlot;
    /** The input array of the last training pass whose Z is kept, or null. */
    private INDArray keptFor;

    private Matrix kept;

    /** @param cols the width of Z, the layer's output size */
    PreActivations(int cols) {
        this.cols = cols;
    }

    /** A training pass: {@code linear(x, Z)} into a buffer kept for x, then {@code a = f(Z)}. */
    void forward(Activation f, INDArray x, INDArray a, BiConsumer<Matrix, Matrix> linear) {
        Matrix xm = Matrix.of(x, "x");
        kept = buffer(xm);
        keptFor = x;
        linear.accept(xm, kept);
        f.forward(kept.array(), a);
    }

    /**
     * {@code grad ← dJ/dZ = Jᵀ dJ/da}, J evaluated at the Z the last training pass kept if it was for
     * the array x (then forgotten), else at {@code Z = linear(x)} computed again.
     */
    void backward(Activation f, INDArray x, INDArray a, INDArray grad, BiConsumer<Matrix, Matrix> linear) {
        Matrix xm = Matrix.of(x, "x");
        Matrix z = keptFor == x && kept.rows() == xm.rows() ? kept : null;
        keptFor = null;
        kept = null;
        if (z == null) {
            z = buffer(xm);
            linear.accept(xm, z);
        }
        f.backward(z.array(), a, grad);
    }

    /** The rows(x) x cols buffer, one per batch size (the oldest of {@value #CACHED_SIZES} is replaced). */
    private Matrix buffer(Matrix x) {
        for (Matrix m : buffers) {
            if (m != null && m.rows() == x.rows()) {
                return m;
            }
        }
        Matrix m = Matrix.allocate(x.type(), x.rows(), cols);
        buffers[nextSlot] = m;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return m;
    }
}
