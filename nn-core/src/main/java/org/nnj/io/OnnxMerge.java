package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import org.nnj.layers.Add;
import org.nnj.layers.Concatenate;
import org.nnj.layers.Layer;
import org.nnj.layers.MultiInputLayer;

/**
 * The merge layers of a graph as ONNX nodes, each reading the values of its branches:
 * <ul>
 *   <li>{@link Add}: {@code Add(a, b)}, or {@code Sum(x_1, ..., x_k)} for more than two;
 *       {@code Multiply}: {@code Mul(a, b)}; both on images [batch, C, H, W] for image shapes, flat
 *       otherwise;</li>
 *   <li>{@link Concatenate} of images (one H and W): {@code Concat(axis = 1)} on [batch, C_k, H, W],
 *       along channels; of sequences [T, f_k]: each reshaped to [batch, T, f_k], {@code Concat(axis = 2)}
 *       (per step), reshaped back to [batch, T · Σ f_k] (time-major rows); otherwise flat
 *       {@code Concat(axis = 1)}, side by side.</li>
 * </ul>
 */
final class OnnxMerge {
    private OnnxMerge() {}

    /** Emits {@code merge} reading the values of {@code reads}; returns its output. */
    static OnnxNodes.Value emit(OnnxNodes values, Layer merge, int[] reads) {
        OnnxGraph g = values.graph();
        List<int[]> shapes = ((MultiInputLayer) merge).inputShapes();
        int[] out = merge.outputShape();
        boolean image = out.length == 3;
        if (merge instanceof Concatenate) {
            if (out.length == 2) {
                return new OnnxNodes.Value(sequences(values, reads, shapes, out), null);
            }
            String[] in = values.all(reads, image, shapes).toArray(new String[0]);
            return new OnnxNodes.Value(
                    g.nodeBuilder("Concat", in).attribute("axis", 1).output(), image ? out : null);
        }
        List<int[]> same = new ArrayList<>();
        for (int k = 0; k < reads.length; k++) {
            same.add(out); // Add and Multiply read values of their output's shape
        }
        String[] in = values.all(reads, image, same).toArray(new String[0]);
        String op = merge instanceof Add ? (in.length == 2 ? "Add" : "Sum") : "Mul";
        return new OnnxNodes.Value(g.node(op, in), image ? out : null);
    }

    /** Sequences of one length T side by side at each step: flat [batch, T · Σ f_k] in and out. */
    private static String sequences(OnnxNodes values, int[] reads, List<int[]> shapes, int[] out) {
        OnnxGraph g = values.graph();
        int steps = out[0];
        String[] in = new String[reads.length];
        for (int k = 0; k < reads.length; k++) {
            String x = values.flat(reads[k]);
            in[k] = g.node("Reshape", x, g.longs("shape", -1, steps, shapes.get(k)[1]));
        }
        String joined = g.nodeBuilder("Concat", in).attribute("axis", 2).output();
        return g.node("Reshape", joined, g.longs("shape", -1, (long) steps * out[1]));
    }
}
