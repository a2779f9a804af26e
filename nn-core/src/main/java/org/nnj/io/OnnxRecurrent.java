package org.nnj.io;

import onnx.OnnxMl.AttributeProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Bidirectional;
import org.nnj.layers.GRU;
import org.nnj.layers.LSTM;
import org.nnj.layers.Layer;
import org.nnj.layers.RecurrentLayer;
import org.nnj.layers.SimpleRNN;

/**
 * The recurrent layers as ONNX's RNN, LSTM and GRU operators (opset 13). ONNX reads the sequence as
 * {@code [seq, batch, features]}, so the rows {@code [batch, time·features]} are reshaped to
 * {@code [batch, time, features]} and transposed; its output {@code Y [seq, directions, batch,
 * units]} is transposed to {@code [batch, seq, directions, units]} and reshaped to rows (every step,
 * the directions side by side as {@link Bidirectional} has them), or its {@code Y_h [directions,
 * batch, units]} (the final states: the reversed direction's is the state after step 1, as here) to
 * {@code [batch, directions·units]}.
 *
 * <p>Weights: {@code W = [directions, G·units, features]} from {@code weight_ih}, {@code R} from
 * {@code weight_hh}, {@code B = [directions, 2·G·units]} = {@code [b_ih, b_hh]}, each with its gate
 * blocks reordered from PyTorch's order to ONNX's: LSTM PyTorch i, f, g, o to ONNX i, o, f, c (ONNX
 * block k is PyTorch block {@code [0, 3, 1, 2][k]}); GRU PyTorch r, z, n to ONNX z, r, h (PyTorch
 * block {@code [1, 0, 2][k]}), with {@code linear_before_reset = 1}, which is PyTorch's
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}; RNN one block, tanh. A Bidirectional is one
 * operator with {@code direction = "bidirectional"}, forward first.
 *
 * <p>A padding mask is not exported: a chain network has no mask input (the mask arrives through a
 * graph network's second input), so the graph treats every step as real. ONNX's
 * {@code sequence_lens} could express trailing padding only.
 */
final class OnnxRecurrent {
    private OnnxRecurrent() {}

    static String emit(OnnxGraph g, Layer layer, String x, String prefix) {
        return emit(g, layer, x, prefix, null);
    }

    /**
     * With a padding mask ([batch, time], 1 at real steps, or null) as the operator's
     * {@code sequence_lens}, {@code Σ_t m_t} per row: exactly the layer's masked run when the padding
     * trails each row (as {@code PaddingMask} gives for right-padded ids), since the layer carries the
     * state over padded steps and outputs zeros there, as ONNX does beyond a row's length; a mask with
     * padding between real steps has no ONNX form.
     */
    static String emit(OnnxGraph g, Layer layer, String x, String prefix, String mask) {
        RecurrentLayer[] dirs = layer instanceof Bidirectional b
                ? new RecurrentLayer[] {b.forwardLayer(), b.backwardLayer()}
                : new RecurrentLayer[] {(RecurrentLayer) layer};
        RecurrentLayer cell = dirs[0];
        int time = cell.input().time();
        int features = cell.input().features();
        int units = cell.units();
        int[] order = cell instanceof LSTM
                ? new int[] {0, 3, 1, 2}
                : cell instanceof GRU ? new int[] {1, 0, 2} : new int[] {0};
        String op = cell instanceof LSTM ? "LSTM" : cell instanceof GRU ? "GRU" : "RNN";
        int gh = order.length * units;
        double[][] w = new double[dirs.length * gh][];
        double[][] r = new double[dirs.length * gh][];
        double[][] bias = new double[dirs.length][2 * gh];
        for (int d = 0; d < dirs.length; d++) {
            double[][] wIh = dirs[d].weightIh().toDoubleMatrix();
            double[][] wHh = dirs[d].weightHh().toDoubleMatrix();
            double[] bIh = dirs[d].biasIh().toDoubleMatrix()[0];
            double[] bHh = dirs[d].biasHh().toDoubleMatrix()[0];
            for (int k = 0; k < order.length; k++) {
                for (int j = 0; j < units; j++) {
                    int from = order[k] * units + j;
                    int to = k * units + j;
                    w[d * gh + to] = wIh[from];
                    r[d * gh + to] = wHh[from];
                    bias[d][to] = bIh[from];
                    bias[d][gh + to] = bHh[from];
                }
            }
        }
        String wName =
                g.initializer(prefix + ".W", Matrix.fromRows(w, DataType.DOUBLE).array(), dirs.length, gh, features);
        String rName =
                g.initializer(prefix + ".R", Matrix.fromRows(r, DataType.DOUBLE).array(), dirs.length, gh, units);
        String bName = g.initializer(
                prefix + ".B", Matrix.fromRows(bias, DataType.DOUBLE).array(), dirs.length, 2 * gh);
        String seq = g.node("Reshape", x, g.longs("shape", -1, time, features));
        seq = g.nodeBuilder("Transpose", seq).attribute("perm", 1, 0, 2).output(); // [seq, batch, features]
        OnnxGraph.Node node = mask == null
                ? g.nodeBuilder(op, seq, wName, rName, bName)
                : g.nodeBuilder(op, seq, wName, rName, bName, lengths(g, mask, prefix));
        node.attribute("hidden_size", units);
        if (cell instanceof GRU) {
            node.attribute("linear_before_reset", 1);
        }
        node.node()
                .addAttribute(AttributeProto.newBuilder()
                        .setName("direction")
                        .setType(AttributeProto.AttributeType.STRING)
                        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8(
                                dirs.length == 2 ? "bidirectional" : "forward")));
        String finalState = prefix + ".Y_h";
        node.node().addOutput(finalState);
        String y = node.output();
        if (cell.returnsSequences()) {
            y = g.nodeBuilder("Transpose", y).attribute("perm", 2, 0, 1, 3).output(); // [batch, seq, dirs, units]
            return g.node("Reshape", y, g.longs("shape", -1, (long) time * dirs.length * units));
        }
        String h = g.nodeBuilder("Transpose", finalState)
                .attribute("perm", 1, 0, 2)
                .output(); // [batch, dirs, units]
        return g.node("Reshape", h, g.longs("shape", -1, (long) dirs.length * units));
    }

    /** True for the layers {@link #emit} exports. */
    /** {@code sequence_lens}: the mask's row sums as int32. */
    private static String lengths(OnnxGraph g, String mask, String prefix) {
        String sum = g.nodeBuilder("ReduceSum", mask, g.longs(prefix + ".time_axis", 1))
                .attribute("keepdims", 0)
                .output();
        return g.nodeBuilder("Cast", sum)
                .attribute("to", onnx.OnnxMl.TensorProto.DataType.INT32.getNumber())
                .output();
    }

    static boolean exports(Layer layer) {
        return layer instanceof SimpleRNN
                || layer instanceof LSTM
                || layer instanceof GRU
                || layer instanceof Bidirectional;
    }
}
