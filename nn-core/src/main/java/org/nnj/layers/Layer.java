package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * One stage of a network, mapping a batch {@code x} (batch x inputSize, one example per row) to a batch
 * {@code out} (batch x outputSize).
 *
 * <p>Backpropagation is the chain rule written with Jacobians: given the upstream gradient
 * {@code dJ/d(out)}, a layer returns {@code dJ/dx = (d out/dx)^T dJ/d(out)} and fills the gradients of
 * its parameters. {@link #jacobian} shows the matrix {@code d out/dx} itself for one example.
 *
 * <p>The engine methods ({@link #forward(Matrix, Matrix, boolean)}, {@link #backward}) write into
 * buffers the caller owns, so a network reuses them step after step without allocating. The
 * {@code INDArray} methods of {@link BaseLayer} are the convenient, checked form for use on their own.
 */
public interface Layer {
    /** A readable description, as in {@code Dense(784→128, relu)}. */
    String name();

    int inputSize();

    int outputSize();

    /** Allocates and initializes the parameters; called once, by the network builder. */
    void build(DataType type, Random rng);

    boolean isBuilt();

    /** The tensor type, once built. */
    DataType dataType();

    /** The trainable parameters with their gradients (empty for parameter-free layers). */
    List<Parameter> parameters();

    /**
     * Computes {@code out = layer(x)}. Shapes are the caller's responsibility here (the network checks
     * them once per call). {@code training} switches layers such as dropout between modes.
     */
    void forward(Matrix x, Matrix out, boolean training);

    /**
     * Backward pass for the {@code x} and {@code out} of the last {@link #forward}: sets each
     * parameter's gradient and, if {@code gradIn} is not null, writes {@code dJ/dx} into it.
     * {@code gradOut} holds {@code dJ/d(out)} and is used as scratch (it may be overwritten).
     */
    void backward(Matrix x, Matrix out, Matrix gradOut, Matrix gradIn);

    /**
     * The explicit Jacobian {@code d out / dx} (outputSize x inputSize) at one example {@code x}
     * (1 x inputSize), in inference mode.
     */
    INDArray jacobian(INDArray x);
}
