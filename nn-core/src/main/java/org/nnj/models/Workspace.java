package org.nnj.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Layer;

/**
 * The buffers one forward and backward pass needs at one batch size, allocated once and reused:
 * the output of every layer and (for training) the gradient flowing into every layer.
 */
final class Workspace {
    final int batch;
    /** outputs[i] is the output of layer i (batch x outputSize(i)). */
    final Matrix[] outputs;
    /**
     * gradients[i] is dJ/d(input of layer i); gradients[L] is dJ/d(network output). gradients[0] is
     * made on demand; an inference workspace has none.
     */
    final Matrix[] gradients;

    private final DataType type;
    private final int inputSize;

    private Matrix input;

    Workspace(Layer[] layers, DataType type, int batch, boolean withGradients) {
        this.batch = batch;
        this.type = type;
        this.inputSize = layers[0].inputSize();
        int n = layers.length;
        outputs = new Matrix[n];
        gradients = new Matrix[n + 1];
        for (int i = 0; i < n; i++) {
            outputs[i] = Matrix.allocate(type, batch, layers[i].outputSize());
            if (withGradients) {
                gradients[i + 1] = Matrix.allocate(type, batch, layers[i].outputSize());
            }
        }
    }

    /** A batch x inputSize buffer for a block of a larger input (made on first use). */
    Matrix input() {
        if (input == null) {
            input = Matrix.allocate(type, batch, inputSize);
        }
        return input;
    }

    Matrix inputGradient() {
        if (gradients[0] == null) {
            gradients[0] = Matrix.allocate(type, batch, inputSize);
        }
        return gradients[0];
    }
}
