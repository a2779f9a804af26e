package org.nnj.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;
import org.nnj.layers.MultiHeadAttention;

/**
 * {@link MultiHeadAttention} in ONNX opset 13 by composition (the Attention operator came in opset
 * 23): the rows are seen as [batch, time, d]; {@code Q = X W_qᵀ + b_q} (MatMul, Add; likewise K and
 * V); each is reshaped to [batch, time, heads, d_h] and transposed to [batch, heads, time, d_h] (K to
 * [batch, heads, d_h, time]); {@code S = (Q Kᵀ) · (1/√d_h)}, plus, if causal, a constant [time, time]
 * mask of 0 on and below the diagonal and -1e9 above it (its softmax weight is exactly 0 in float32);
 * {@code P = Softmax(S, axis = -1)}; {@code O = P V}, transposed back and reshaped to [batch, time, d];
 * {@code Y = O W_outᵀ + b_out}, flattened to [batch, time · d].
 *
 * <p>The padding mask (the layer's optional second input) is not exported: the graph has one input
 * and treats every step as real, which is what the layer computes without a mask.
 */
final class OnnxMultiHeadAttention {
    /** The additive score of a key a causal query may not see. */
    static final double MASKED = -1e9;

    private OnnxMultiHeadAttention() {}

    /** Emits the layer on {@code x} ([batch, inputSize]); returns the output's name ([batch, outputSize]). */
    static String emit(OnnxGraph g, MultiHeadAttention layer, String x) {
        return emit(g, layer, x, null);
    }

    /**
     * With a padding mask ([batch, time], 1 at real steps, or null): padded keys get {@code (m - 1) 1e9}
     * added to their scores (weight 0 after the softmax), and the outputs at padded queries are zeroed,
     * as the layer does.
     */
    static String emit(OnnxGraph g, MultiHeadAttention layer, String x, String mask) {
        int t = layer.time();
        int d = layer.dModel();
        int heads = layer.heads();
        int dh = d / heads;
        String name = x + ".attention";
        Matrix wIn = Matrix.of(layer.inProjectionWeight(), "in_proj_weight");
        Matrix bIn = Matrix.of(layer.inProjectionBias(), "in_proj_bias");
        String seq = g.node("Reshape", x, g.longs("shape", -1, t, d));
        String[] qkv = new String[3];
        String[] part = {"q", "k", "v"};
        for (int p = 0; p < 3; p++) {
            Matrix wt = Matrix.allocate(DataType.FLOAT, d, d); // W_pᵀ, for MatMul(X, W_pᵀ)
            Matrix b = Matrix.allocate(DataType.FLOAT, 1, d);
            for (int o = 0; o < d; o++) {
                for (int j = 0; j < d; j++) {
                    wt.set(j, o, wIn.get(p * d + o, j));
                }
                b.set(o, bIn.get(p * d + o));
            }
            String proj = g.node(
                    "Add",
                    g.node("MatMul", seq, g.initializer(name + ".w_" + part[p], wt.array(), d, d)),
                    g.initializer(name + ".b_" + part[p], b.array(), d));
            String split = g.node("Reshape", proj, g.longs("shape", -1, t, heads, dh));
            qkv[p] = g.nodeBuilder("Transpose", split)
                    .attribute("perm", p == 1 ? new int[] {0, 2, 3, 1} : new int[] {0, 2, 1, 3})
                    .output();
        }
        String s = g.node(
                "Mul",
                g.node("MatMul", qkv[0], qkv[1]),
                g.constant("scale", new double[] {1 / Math.sqrt(dh)}, layer.name() + " scale"));
        if (layer.isCausal()) {
            Matrix causal = Matrix.allocate(DataType.FLOAT, t, t);
            for (int i = 0; i < t; i++) {
                for (int j = i + 1; j < t; j++) {
                    causal.set(i, j, MASKED);
                }
            }
            s = g.node("Add", s, g.initializer(name + ".causal_mask", causal.array(), t, t));
        }
        if (mask != null) {
            String keys = g.node("Reshape", mask, g.longs("shape", -1, 1, 1, t));
            s = g.node(
                    "Add",
                    s,
                    g.node(
                            "Mul",
                            g.node("Sub", keys, g.constant("one", new double[] {1}, "one")),
                            g.constant("masked", new double[] {-MASKED}, "the padded keys' offset")));
        }
        String pr = g.nodeBuilder("Softmax", s).attribute("axis", -1).output();
        String o = g.nodeBuilder("Transpose", g.node("MatMul", pr, qkv[2]))
                .attribute("perm", new int[] {0, 2, 1, 3})
                .output();
        String c = g.node("Reshape", o, g.longs("shape", -1, t, d));
        Matrix w = Matrix.of(layer.outProjectionWeight(), "out_proj.weight");
        Matrix wt = Matrix.allocate(DataType.FLOAT, d, d);
        for (int r = 0; r < d; r++) {
            for (int j = 0; j < d; j++) {
                wt.set(j, r, w.get(r, j));
            }
        }
        String y = g.node(
                "Add",
                g.node("MatMul", c, g.initializer(name + ".w_out", wt.array(), d, d)),
                g.initializer(name + ".b_out", layer.outProjectionBias(), d));
        if (mask != null) {
            y = g.node("Mul", y, g.node("Reshape", mask, g.longs("shape", -1, t, 1)));
        }
        return g.node("Reshape", y, g.longs("shape", -1, (long) t * d));
    }
}
