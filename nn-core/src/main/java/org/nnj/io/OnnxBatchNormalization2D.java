package org.nnj.io;

import org.nnj.layers.BatchNormalization2D;

/**
 * {@link BatchNormalization2D} in ONNX: BatchNormalization (inference, the running statistics) on the
 * [batch, C, H, W] tensor that {@link Onnx} has already reshaped the image rows into.
 */
final class OnnxBatchNormalization2D {
    private OnnxBatchNormalization2D() {}

    /** Emits the layer on {@code x} ([batch, C, H, W]); returns the output's name (the same shape). */
    static String emit(OnnxGraph g, BatchNormalization2D layer, String x) {
        int c = layer.channels();
        String name = x + ".batchnorm2d";
        return g.nodeBuilder(
                        "BatchNormalization",
                        x,
                        g.initializer(name + ".gamma", layer.gamma(), c),
                        g.initializer(name + ".beta", layer.beta(), c),
                        g.initializer(name + ".running_mean", layer.runningMean(), c),
                        g.initializer(name + ".running_var", layer.runningVariance(), c))
                .attribute("epsilon", Onnx.float32(layer.name() + " epsilon", 0, layer.epsilon()))
                .output();
    }
}
