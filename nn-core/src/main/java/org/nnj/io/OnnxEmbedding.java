package org.nnj.io;

import org.nnj.layers.Embedding;

/** {@link Embedding} in ONNX: {@code Reshape(Gather(E, Cast(ids, int64)), [-1, time·dimension])}. */
final class OnnxEmbedding {
    private static final int INT64 = onnx.OnnxMl.TensorProto.DataType.INT64.getNumber();

    private OnnxEmbedding() {}

    static String emit(OnnxGraph g, Embedding layer, String x) {
        String table = g.initializer("embedding" + g.graph.getInitializerCount() + ".weight", layer.weight());
        String ids = g.nodeBuilder("Cast", x).attribute("to", INT64).output();
        String rows = g.nodeBuilder("Gather", table, ids).attribute("axis", 0).output(); // [batch, time, d]
        return g.node("Reshape", rows, g.longs("shape", -1, layer.outputSize()));
    }
}
