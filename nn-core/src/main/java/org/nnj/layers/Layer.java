package org.nnj.layers;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Spec;

/**
 * One stage of a network, mapping a batch {@code x} (batch x inputSize, one example per row) to a batch
 * {@code out} (batch x outputSize).
 *
 * <p>Backpropagation is the chain rule written with Jacobians: given the upstream gradient
 * {@code dJ/d(out)}, a layer returns {@code dJ/dx = (d out/dx)^T dJ/d(out)} and fills the gradients of
 * its parameters. {@link #jacobian} shows the matrix {@code d out/dx} itself for one example.
 *
 * <p>The engine methods ({@link #forward(INDArray, INDArray, boolean)}, {@link #backward}) write into
 * buffers the caller owns, so a network reuses them step after step without allocating; they do not
 * check shapes (the network does, once per call). The one-argument methods of {@link BaseLayer} are
 * the convenient, checked form for use on their own.
 */
public interface Layer {
    /** A readable description, as in {@code Dense(784→128, relu)}. */
    String name();

    int inputSize();

    int outputSize();

    /**
     * The shape of one example's input: {@code [inputSize]} for a flat layer, {@code [channels, height,
     * width]} for an image layer (whose rows hold the image in that order). The network builder
     * checks that consecutive image layers agree on it.
     */
    default int[] inputShape() {
        return new int[] {inputSize()};
    }

    /** The shape of one example's output, as {@link #inputShape()}. */
    default int[] outputShape() {
        return new int[] {outputSize()};
    }

    /**
     * Non-trainable state saved with the model (PyTorch's buffers), such as batch normalization's
     * running mean and variance; empty for most layers. The optimizer never sees these.
     */
    default List<Parameter> buffers() {
        return List.of();
    }

    /**
     * The position of the layer's random generator (dropout's masks), so that a resumed run draws
     * what the uninterrupted one would; empty for a layer without randomness.
     */
    default long[] randomState() {
        return new long[0];
    }

    /** Puts the random generator back at a position {@link #randomState()} gave. */
    default void restoreRandomState(long[] state) {
        if (state == null || state.length != 0) {
            throw new IllegalArgumentException(
                    name() + " has no random state, got " + (state == null ? "null" : state.length + " values"));
        }
    }

    /**
     * Checks the layer's settings (initializers, activation) against the tensor type before anything
     * is allocated: none may exceed the type's largest finite value. The network builder calls it for
     * every layer before building any; {@link #build} calls it too.
     *
     * @param where how to name the layer in the message (such as {@code "layer 0 Dense(4→3)"})
     */
    default void requireRepresentable(DataType type, String where) {}

    /**
     * True if the layer may be applied at several nodes of a graph network (its parameters shared, their
     * gradient the sum over the uses): its backward pass needs only its arguments, no state kept from
     * its forward pass (dense and activation layers, merges). False by default.
     */
    default boolean sharable() {
        return false;
    }

    /**
     * Refuses a training batch this layer cannot learn from, before any layer runs (batch
     * normalization needs at least 2 rows); nothing to refuse for most layers.
     *
     * @param where how to name the layer in the message (such as {@code "layer 2 "})
     */
    default void requireTrainingBatch(int rows, String where) {}

    /** Allocates and initializes the parameters; called once, by the network builder. */
    void build(DataType type, Random rng);

    boolean isBuilt();

    /** The tensor type, once built. */
    DataType dataType();

    /** The number of trainable scalars, known before the layer is built. */
    long parameterCount();

    /** The trainable parameters with their gradients (empty for parameter-free layers). */
    List<Parameter> parameters();

    /**
     * Computes {@code out = layer(x)}. Shapes are the caller's responsibility here (the network checks
     * them once per call). {@code training} switches layers such as dropout between modes.
     */
    void forward(INDArray x, INDArray out, boolean training);

    /**
     * Backward pass for the {@code x} and {@code out} of the last {@link #forward}: sets each
     * parameter's gradient and, if {@code gradIn} is not null, writes {@code dJ/dx} into it.
     * {@code gradOut} holds {@code dJ/d(out)} and is used as scratch (it may be overwritten).
     */
    void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn);

    /**
     * The explicit Jacobian {@code d out / dx} (outputSize x inputSize) at one example {@code x}
     * (1 x inputSize), in inference mode.
     */
    INDArray jacobian(INDArray x);

    /**
     * What this layer is, as a spec it can be rebuilt from (without its parameter values): the model
     * file writes it. A built-in layer declares its {@link org.nnj.Kind} beside this method, as its
     * static {@code KIND} (name, settings in written order, factory), returns {@code KIND.spec(...)}
     * here, and is listed in {@link org.nnj.io.Registry}.
     */
    Spec spec();
}
