package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable tensor and the gradient of the loss with respect to it, as filled by the last backward
 * pass. Optimizers see only these pairs.
 *
 * @param name     e.g. {@code "weight"} or, in a network, {@code "layer0.weight"}
 * @param value    the live parameter values (writing to them changes the model)
 * @param gradient dJ/d(value), same shape
 */
public record Parameter(String name, INDArray value, INDArray gradient) {
    /** Number of scalar values. */
    public int size() {
        return (int) value.length();
    }

    /** The same tensors under another name. */
    public Parameter renamed(String newName) {
        return new Parameter(newName, value, gradient);
    }
}
