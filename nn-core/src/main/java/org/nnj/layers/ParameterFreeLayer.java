package org.nnj.layers;

import org.nnj.Require;

/**
 * A layer with no trainable parameters whose output has the size of its input (activations as
 * layers, dropout): building it only fixes the tensor type.
 */
abstract class ParameterFreeLayer extends NoParameters {
    protected final int size;

    ParameterFreeLayer(int size) {
        this.size = Require.positive(size, "size");
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }
}
