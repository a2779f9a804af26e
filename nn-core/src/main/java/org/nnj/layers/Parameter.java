package org.nnj.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * A trainable tensor and the gradient of the loss with respect to it, as filled by the last backward
 * pass. Optimizers see only these pairs.
 *
 * @param name     e.g. {@code "weight"} or, in a network, {@code "layer0.weight"}
 * @param value    the live parameter values (writing to them changes the model)
 * @param gradient dJ/d(value), same shape
 */
public record Parameter(String name, Matrix value, Matrix gradient) {
    /** The parameter values as an ND4J array sharing memory with the model. */
    public INDArray array() {
        return value.array();
    }

    /** Number of scalar values. */
    public int size() {
        return value.size();
    }

    /** The same tensors under another name. */
    public Parameter renamed(String newName) {
        return new Parameter(newName, value, gradient);
    }
}
