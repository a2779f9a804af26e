package org.nnj.layers;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;

/**
 * A weight matrix W ({@code rows x cols}) and a bias row b ({@code 1 x rows}) with their gradients,
 * as {@link Dense} (out x in) and {@link Conv2D} (filters x C·k·k) hold them.
 */
record WeightAndBias(Matrix weight, Matrix bias, Matrix weightGrad, Matrix biasGrad) {
    /** Zero-filled W, b and their gradients. */
    static WeightAndBias allocate(DataType type, int rows, int cols) {
        return new WeightAndBias(
                Matrix.allocate(type, rows, cols),
                Matrix.allocate(type, 1, rows),
                Matrix.allocate(type, rows, cols),
                Matrix.allocate(type, 1, rows));
    }

    /** "weight" and "bias" with their gradients, the order the model file writes them in. */
    List<Parameter> parameters() {
        return List.of(
                new Parameter("weight", weight.array(), weightGrad.array()),
                new Parameter("bias", bias.array(), biasGrad.array()));
    }
}
