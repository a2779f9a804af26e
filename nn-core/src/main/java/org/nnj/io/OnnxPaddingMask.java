package org.nnj.io;

import org.nnj.layers.PaddingMask;

/** {@link PaddingMask} in ONNX: {@code Cast(Not(Equal(ids, paddingId)), float)}. */
final class OnnxPaddingMask {
    private static final int FLOAT = onnx.OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private OnnxPaddingMask() {}

    static String emit(OnnxGraph g, PaddingMask layer, String x) {
        String pad = g.constant("padding_id", new double[] {layer.paddingId()}, layer.name() + " padding id");
        String real = g.node("Not", g.node("Equal", x, pad));
        return g.nodeBuilder("Cast", real).attribute("to", FLOAT).output();
    }
}
