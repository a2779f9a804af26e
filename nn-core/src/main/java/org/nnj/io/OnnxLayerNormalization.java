package org.nnj.io;

import org.nnj.layers.LayerNormalization;

/**
 * {@link LayerNormalization} in ONNX opset 13, which has no LayerNormalization operator (it came in
 * opset 17): the rows are seen as [batch, steps, features] and each step normalized over its last
 * axis by composition, {@code d = x - ReduceMean(x)}, {@code y = γ d / Sqrt(ReduceMean(d d) + ε) + β},
 * then flattened back to [batch, steps · features].
 */
final class OnnxLayerNormalization {
    private OnnxLayerNormalization() {}

    /** Emits the layer on {@code x} ([batch, inputSize]); returns the output's name ([batch, outputSize]). */
    static String emit(OnnxGraph g, LayerNormalization layer, String x) {
        int f = layer.features();
        int steps = Math.max(layer.time(), 1);
        String name = x + ".layernorm";
        String seq = g.node("Reshape", x, g.longs("shape", -1, steps, f));
        String mean = g.nodeBuilder("ReduceMean", seq)
                .attribute("axes", new int[] {-1})
                .output();
        String d = g.node("Sub", seq, mean);
        String var = g.nodeBuilder("ReduceMean", g.node("Mul", d, d))
                .attribute("axes", new int[] {-1})
                .output();
        String eps = g.constant("epsilon", new double[] {layer.epsilon()}, layer.name() + " epsilon");
        String sigma = g.node("Sqrt", g.node("Add", var, eps));
        String y = g.node("Div", d, sigma);
        y = g.node("Mul", y, g.initializer(name + ".gamma", layer.gamma(), f));
        y = g.node("Add", y, g.initializer(name + ".beta", layer.beta(), f));
        return g.node("Reshape", y, g.longs("shape", -1, (long) steps * f));
    }
}
