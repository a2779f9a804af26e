package org.nnj.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that reads more than one input at a node of a graph network: a merge of branches
 * ({@code Add}, {@code Concatenate}, {@code Multiply}), or a sequence layer that takes a padding mask
 * (batch x time, 1 where a step counts, 0 at padding; see {@link SequenceShape}) as its second input.
 *
 * <p>Backpropagation is the chain rule with one Jacobian per input: given {@code dJ/d(out)}, the layer
 * writes {@code dJ/dx_k = (d out/dx_k)^T dJ/d(out)} for every input {@code k} whose gradient is asked
 * for, and fills its parameters' gradients. A mask input gets no gradient (the mask is not
 * differentiable); if one is asked for, the layer writes zeros.
 *
 * <p>{@link Layer#inputSize()} and {@link Layer#inputShape()} describe the first input. A layer whose
 * later inputs are optional (a mask) also runs as a plain {@link Layer} in a chain, with no mask: the
 * one-input {@link #forward(INDArray, INDArray, boolean)} and {@link #backward(INDArray, INDArray,
 * INDArray, INDArray)} then treat every step as real.
 */
public interface MultiInputLayer extends Layer {
    /**
     * How many of {@link #inputShapes()} a node must give it: all for a merge, 1 for a sequence layer
     * whose mask is optional.
     */
    default int requiredInputs() {
        return 1;
    }

    /** The shape of one example of each input, in order; the first is {@link #inputShape()}. */
    List<int[]> inputShapes();

    /**
     * Computes {@code out = layer(inputs)} (each batch x its input's size, in the order of
     * {@link #inputShapes()}). Shapes are the caller's responsibility, as in {@link Layer#forward}.
     */
    void forward(INDArray[] inputs, INDArray out, boolean training);

    /**
     * Backward pass for the {@code inputs} and {@code out} of the last {@link #forward(INDArray[],
     * INDArray, boolean)}: sets each parameter's gradient and writes {@code dJ/dx_k} into
     * {@code gradInputs[k]} for every {@code k} where it is not null. {@code gradOut} holds
     * {@code dJ/d(out)} and may be overwritten.
     */
    void backward(INDArray[] inputs, INDArray out, INDArray gradOut, INDArray[] gradInputs);
}
