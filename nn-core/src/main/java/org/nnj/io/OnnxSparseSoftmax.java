package org.nnj.io;

import org.nnj.losses.SparseSoftmaxCrossEntropy;

/** {@link SparseSoftmaxCrossEntropy}'s link in ONNX: a Softmax over each step's classes. */
final class OnnxSparseSoftmax {
    private OnnxSparseSoftmax() {}

    static String emit(OnnxGraph g, SparseSoftmaxCrossEntropy loss, String x, int outputSize) {
        String steps = g.node("Reshape", x, g.longs("shape", -1, loss.classes()));
        String p = g.nodeBuilder("Softmax", steps).attribute("axis", 1).output();
        return g.node("Reshape", p, g.longs("shape", -1, outputSize));
    }
}
