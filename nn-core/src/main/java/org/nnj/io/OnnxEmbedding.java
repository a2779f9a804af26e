package org.nnj.io;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.layers.Embedding;

/**
 * {@link Embedding} in ONNX: {@code Reshape(Gather(E, Cast(ids, int64)), [-1, time·dimension])}, with
 * the padding id's row written as zeros.
 */
final class OnnxEmbedding {
    private static final int INT64 = onnx.OnnxMl.TensorProto.DataType.INT64.getNumber();

    private OnnxEmbedding() {}

    static String emit(OnnxGraph g, Embedding layer, String x) {
        INDArray weight = layer.weight();
        if (layer.paddingId() >= 0) { // the padding id's steps output zeros, whatever its row holds
            weight = weight.dup();
            weight.getRow(layer.paddingId()).assign(0);
        }
        String table = g.initializer("embedding" + g.graph.getInitializerCount() + ".weight", weight);
        String ids = g.nodeBuilder("Cast", x).attribute("to", INT64).output();
        String rows = g.nodeBuilder("Gather", table, ids).attribute("axis", 0).output(); // [batch, time, d]
        return g.node("Reshape", rows, g.longs("shape", -1, layer.outputSize()));
    }
}
