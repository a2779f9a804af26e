package org.nnj.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;

/**
 * A network's forward pass and backpropagation over its layers, as a chain of Jacobians: forward
 * {@code a_i = layer_i(a_{i-1})}; backward from {@code dJ/da_L} (the loss's gradient), each layer maps
 * {@code dJ/d(out)} to {@code dJ/d(in)} and fills its parameters' gradients. A convolution fused with
 * the max pooling after it ({@code fused[i]}) runs as one pass each way.
 */
final class Passes {
    private Passes() {}

    /** The forward pass into the workspace; layers from {@code trainingFrom} on run in training mode if asked. */
    static Matrix forward(
            Layer[] layers, boolean[] fused, Workspace ws, Matrix x, boolean trainingMode, int trainingFrom) {
        INDArray in = x.array();
        for (int i = 0; i < layers.length; i++) {
            boolean mode = trainingMode && i >= trainingFrom;
            if (fused[i]) { // a convolution and its max pooling in one pass, straight into the pooling's output
                ((Conv2D) layers[i]).forwardPooled(in, ws.outputs[i + 1].array(), mode);
                in = ws.outputs[++i].array();
                continue;
            }
            layers[i].forward(in, ws.outputs[i].array(), mode);
            in = ws.outputs[i].array();
        }
        return ws.outputs[layers.length - 1];
    }

    /**
     * Forward in training mode, the loss and its gradient, and backpropagation down to the lowest
     * trainable layer (to the input if {@code inputGradient}): a frozen trunk below it is neither
     * backpropagated through nor run in training mode. Returns the loss.
     */
    static double gradients(
            Layer[] layers,
            boolean[] fused,
            Loss loss,
            Workspace ws,
            Matrix x,
            Matrix y,
            boolean inputGradient,
            int lowestTrainable) {
        int last = layers.length;
        int bottom = inputGradient ? 0 : Math.min(lowestTrainable, last - 1);
        Matrix out = forward(layers, fused, ws, x, true, bottom);
        double value = loss.valueAndGradient(out.array(), y.array(), ws.gradients[last].array());
        for (int i = last - 1; i >= bottom; i--) {
            Matrix layerInput = i == 0 ? x : ws.outputs[i - 1];
            Matrix gradIn = i > bottom ? ws.gradients[i] : inputGradient ? ws.inputGradient() : null;
            if (i > 0 && fused[i - 1]) {
                continue; // a pooling layer fused into the convolution before it: both go back below
            }
            if (fused[i]) { // dJ/dP (the pooling's output gradient) back through the pooling, ReLU and convolution
                ((Conv2D) layers[i])
                        .backwardPooled(
                                layerInput.array(),
                                ws.outputs[i + 1].array(),
                                ws.gradients[i + 2].array(),
                                gradIn == null ? null : gradIn.array());
                continue;
            }
            layers[i].backward(
                    layerInput.array(),
                    ws.outputs[i].array(),
                    ws.gradients[i + 1].array(),
                    gradIn == null ? null : gradIn.array());
        }
        return value;
    }
}
