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

    /**
     * Pooling over the real steps only, with m the mask (1 at real steps) as [batch, time, 1]: the
     * average is {@code Σ_t m_t x_t / max(Σ_t m_t, 1)} (computed with means over time, which opset 13
     * reduces by attribute), the maximum {@code max_t (x_t + (m_t - 1) 1e30)} times {@code max_t m_t}; a
     * row without a real step gives 0, as the layer does.
     */
    static String masked(OnnxGraph g, GlobalTimePooling p, String x, String mask) {
        int t = p.shape().time();
        String seq = g.node("Reshape", x, g.longs("shape", -1, t, p.shape().features()));
        String m = g.node("Reshape", mask, g.longs("shape", -1, t, 1));
        if (p.isMax()) {
            String shifted = g.node(
                    "Add",
                    seq,
                    g.node(
                            "Mul",
                            g.node("Sub", m, g.constant("one", new double[] {1}, "one")),
                            g.constant("big", new double[] {1e30}, "the masked steps' offset")));
            String top = g.nodeBuilder("ReduceMax", shifted)
                    .attribute("axes", new int[] {1})
                    .attribute("keepdims", 0)
                    .output();
            String any = g.nodeBuilder("ReduceMax", m)
                    .attribute("axes", new int[] {1})
                    .attribute("keepdims", 0)
                    .output();
            return g.node("Mul", top, any);
        }
        String sum = g.nodeBuilder("ReduceMean", g.node("Mul", seq, m))
                .attribute("axes", new int[] {1})
                .attribute("keepdims", 0)
                .output();
        String count = g.nodeBuilder("ReduceMean", m)
                .attribute("axes", new int[] {1})
                .attribute("keepdims", 0)
                .output();
        String atLeastOne = g.node("Max", count, g.constant("one_step", new double[] {1.0 / t}, "one step"));
        return g.node("Div", sum, atLeastOne);
    }
}
