package org.nnj.io;

import org.nnj.layers.GlobalImagePooling;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.Layer;

/**
 * Global pooling in ONNX (without a mask: a plain chain has none): over time, {@code ReduceMean} or
 * {@code ReduceMax} over axis 1 of [batch, time, features]; over an image ([batch, C, H, W] by then),
 * {@code GlobalAveragePool} or {@code GlobalMaxPool}, flattened to [batch, C].
 */
final class OnnxGlobalPooling {
    private OnnxGlobalPooling() {}

    static String emit(OnnxGraph g, Layer layer, String x) {
        if (layer instanceof GlobalTimePooling p) {
            String seq = g.node(
                    "Reshape",
                    x,
                    g.longs("shape", -1, p.shape().time(), p.shape().features()));
            return g.nodeBuilder(p.isMax() ? "ReduceMax" : "ReduceMean", seq)
                    .attribute("axes", new int[] {1})
                    .attribute("keepdims", 0)
                    .output();
        }
        GlobalImagePooling p = (GlobalImagePooling) layer;
        String pooled = g.node(p.isMax() ? "GlobalMaxPool" : "GlobalAveragePool", x);
        return g.nodeBuilder("Flatten", pooled).attribute("axis", 1).output();
    }
}
