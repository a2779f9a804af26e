package org.nnj.io;

import java.util.function.BiFunction;
import org.nnj.Spec;
import org.nnj.layers.Dense;
import org.nnj.layers.TimeDistributed;

/**
 * {@link TimeDistributed} with a {@link Dense} inner layer in ONNX: the rows reshaped to one step per
 * row, {@code Gemm(x, W, b, transB = 1)} and the activation (per step: a softmax runs over each step's
 * outputs), reshaped back to [batch, time·out].
 */
final class OnnxTimeDistributed {
    private OnnxTimeDistributed() {}

    /** {@code activation} emits an activation spec on a [rows, features] input (Onnx's own table). */
    static String emit(OnnxGraph g, TimeDistributed layer, String x, BiFunction<Spec, String, String> activation) {
        if (!(layer.inner() instanceof Dense d)) {
            throw new IllegalArgumentException("cannot export " + layer.name() + " to ONNX: a TimeDistributed layer"
                    + " can be exported with a Dense inner layer");
        }
        String prefix = "timedistributed" + g.graph.getInitializerCount();
        String w = g.initializer(prefix + ".weight", d.weight());
        String b = g.initializer(prefix + ".bias", d.bias().reshape(d.outputSize()));
        String steps = g.node("Reshape", x, g.longs("shape", -1, d.inputSize()));
        String z = g.nodeBuilder("Gemm", steps, w, b).attribute("transB", 1).output();
        String a = activation.apply(d.activation().spec(), z);
        return g.node("Reshape", a, g.longs("shape", -1, layer.outputSize()));
    }
}
