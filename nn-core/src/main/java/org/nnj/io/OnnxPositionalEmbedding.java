package org.nnj.io;

import org.nnj.layers.PositionalEmbedding;

/** {@link PositionalEmbedding} in ONNX: {@code Add(x, P)}, P flattened time-major and broadcast over the batch. */
final class OnnxPositionalEmbedding {
    private OnnxPositionalEmbedding() {}

    static String emit(OnnxGraph g, PositionalEmbedding layer, String x) {
        String p = g.initializer(
                "positions" + g.graph.getInitializerCount() + ".table", layer.table(), layer.outputSize());
        return g.node("Add", x, p);
    }
}
