package org.nnj.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.OnnxMl.NodeProto;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.layers.Add;
import org.nnj.layers.Concatenate;
import org.nnj.layers.Layer;
import org.nnj.layers.Multiply;
import org.nnj.models.Network;
import org.nnj.models.Topology;

/**
 * A network's {@link Topology} as ONNX nodes, node by node: one graph input per network input (its
 * normalizer's slice applied), each node's layer ({@link Onnx#layer}) or merge ({@link OnnxMerge})
 * reading the values it reads, and one graph output per network output with its loss's link.
 *
 * <p>Each value has its own layout, flat [batch, n] or image [batch, C, H, W]: inputs are flat; a layer
 * reading a value in the other layout gets it converted (Reshape to its input shape, or Flatten), once
 * per value and layout however many nodes read it; a layer's output has the layout of what it read.
 * Outputs are flat.
 *
 * <p>Names: the graph's inputs and outputs take the network's; a sequential network's {@code x} and
 * {@code y} ({@link Network#builder()}'s names) are {@code input} and {@code output}, as an ONNX export
 * of a chain has always named them, so that a chain's model is the same as before graphs.
 */
final class OnnxNodes {
    /**
     * A value in the graph: its name and, for an image [batch, C, H, W], its [C, H, W] ({@code null} for
     * a flat value).
     */
    record Value(String name, int[] image) {
        boolean isImage() {
            return image != null;
        }
    }

    private final OnnxGraph g;
    private final Network network;
    private final Topology t;
    private final String[] inputs;
    private final String[] outputs;
    /** Value of ref r (a node {@code >= 0}, an input {@code < 0}) at {@code r + inputs.length}. */
    private final Value[] values;
    /** Converted forms already emitted: ref and layout to the value's name in that layout. */
    private final Map<String, String> converted = new HashMap<>();

    OnnxNodes(OnnxGraph g, Network network) {
        this.g = g;
        this.network = network;
        this.t = network.topology();
        List<String> in = t.inputNames();
        List<String> out = t.outputNames();
        boolean chain = t.isSequential() && in.equals(List.of("x")) && out.equals(List.of("y"));
        this.inputs = chain ? new String[] {"input"} : in.toArray(new String[0]);
        this.outputs = chain ? new String[] {"output"} : out.toArray(new String[0]);
        for (String name : outputs) {
            if (in.contains(name)) {
                throw new IllegalArgumentException("cannot export to ONNX a network with an input and an output both"
                        + " named \"" + name + "\": an ONNX graph needs a name per value; rename one");
            }
        }
        this.values = new Value[inputs.length + t.nodeCount()];
        g.reserve(List.of(inputs));
        g.reserve(List.of(outputs));
    }

    /** Emits the whole graph: inputs and the normalizer, every node, the outputs and (regression) unscaling. */
    void translate(Normalizer normalizer, Schema schema) {
        normalizedInputs(normalizer);
        for (int n = 0; n < t.nodeCount(); n++) {
            node(n);
        }
        for (int j = 0; j < outputs.length; j++) {
            String x = flat(t.outputNode(j));
            x = Onnx.link(g, t.loss(j), x, t.layer(t.outputNode(j)).outputSize());
            if (schema != null && schema.task() == Schema.Task.REGRESSION) {
                x = g.node("Mul", x, g.constant("target_std", new double[] {schema.targetStd()}, "the target's std"));
                x = g.node(
                        "Add", x, g.constant("target_mean", new double[] {schema.targetMean()}, "the target's mean"));
            }
            g.graph.addNode(
                    NodeProto.newBuilder().setOpType("Identity").addInput(x).addOutput(outputs[j]));
        }
        for (int k = 0; k < inputs.length; k++) {
            g.graph.addInput(Onnx.value(inputs[k], size(t.inputShape(k))));
        }
        for (int j = 0; j < outputs.length; j++) {
            g.graph.addOutput(Onnx.value(outputs[j], t.layer(t.outputNode(j)).outputSize()));
        }
    }

    /**
     * Each input, through {@code (x - shift) / scale} if there is a normalizer: it was fitted on x, every
     * input side by side, so input k takes its columns of shift and scale.
     */
    private void normalizedInputs(Normalizer normalizer) {
        double[][] shiftScale = null;
        String[] what = null;
        if (normalizer != null) {
            String kind = normalizer.spec().kind();
            shiftScale = Onnx.shiftAndScale(normalizer);
            String[] names = kind.equals("standardizer") ? new String[] {"mean", "std"} : new String[] {"min", "range"};
            what = new String[] {"the " + kind + "'s " + names[0], "the " + kind + "'s " + names[1]};
            for (int i = 0; i < shiftScale[1].length; i++) {
                Onnx.divisor(what[1], i, shiftScale[1][i]);
                Onnx.float32(what[0], i, shiftScale[0][i]);
            }
        }
        int column = 0;
        for (int k = 0; k < inputs.length; k++) {
            int size = size(t.inputShape(k));
            String x = inputs[k];
            if (shiftScale != null) {
                double[] shift = Arrays.copyOfRange(shiftScale[0], column, column + size);
                double[] scale = Arrays.copyOfRange(shiftScale[1], column, column + size);
                x = g.node("Sub", x, g.constant("shift", shift, what[0]));
                x = g.node("Div", x, g.constant("scale", scale, what[1]));
            }
            values[inputs.length - 1 - k] = new Value(x, null); // input k is ref -(k + 1)
            column += size;
        }
    }

    private void node(int n) {
        Layer layer = t.layer(n);
        int[] reads = t.reads(n);
        int i = t.layerIndex(n);
        if (layer instanceof Add || layer instanceof Concatenate || layer instanceof Multiply) {
            if (reads.length < 2) {
                throw new IllegalArgumentException("cannot export node " + n + " (layer " + i + " " + layer.name()
                        + ") to ONNX: it joins " + reads.length + " value; a merge reads at least 2");
            }
            set(n, OnnxMerge.emit(this, layer, reads));
        } else if (reads.length == 2 && layer.inputShape().length != 3) { // a sequence layer and its mask
            set(n, new Value(Onnx.maskedLayer(g, layer, i, flat(reads[0]), flat(reads[1])), null));
        } else if (reads.length != 1) {
            throw new IllegalArgumentException("cannot export node " + n + " (layer " + i + " " + layer.name()
                    + ") to ONNX: it reads " + reads.length + " values, and only Add, Concatenate and Multiply"
                    + " (and a sequence layer with its mask) are exported with more than one");
        } else {
            int[] in = layer.inputShape();
            String x = in.length == 3 ? image(reads[0], in) : flat(reads[0]);
            int[] out = layer.outputShape();
            // an image layer's output is an image: of its output shape, or of its input's (Flatten, at no cost)
            set(n, new Value(Onnx.layer(g, layer, i, x), in.length != 3 ? null : out.length == 3 ? out : in));
        }
    }

    OnnxGraph graph() {
        return g;
    }

    /** The value of ref r flat, [batch, n]: a Flatten of an image, made once. */
    String flat(int ref) {
        Value v = values[ref + inputs.length];
        if (!v.isImage()) {
            return v.name();
        }
        String key = ref + " flat";
        if (!converted.containsKey(key)) {
            converted.put(
                    key, g.nodeBuilder("Flatten", v.name()).attribute("axis", 1).output());
        }
        return converted.get(key);
    }

    /**
     * The value of ref r as an image of {@code shape} [C, H, W]: itself if it is one, else a Reshape
     * (of its flat form), made once.
     */
    String image(int ref, int[] shape) {
        Value v = values[ref + inputs.length];
        if (v.isImage() && Arrays.equals(v.image(), shape)) {
            return v.name();
        }
        String key = ref + " image " + Arrays.toString(shape);
        if (!converted.containsKey(key)) {
            String x = flat(ref);
            converted.put(key, g.node("Reshape", x, g.longs("shape", -1, shape[0], shape[1], shape[2])));
        }
        return converted.get(key);
    }

    private void set(int node, Value v) {
        values[node + inputs.length] = v;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The names of {@code reads} in one layout. */
    List<String> all(int[] reads, boolean image, List<int[]> shapes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < reads.length; k++) {
            names.add(image ? image(reads[k], shapes.get(k)) : flat(reads[k]));
        }
        return names;
    }
}
