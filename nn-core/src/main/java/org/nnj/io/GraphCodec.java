package org.nnj.io;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.models.Topology;

/**
 * The graph section of a model file of version 4 or 5 ({@link ModelFile}): a graph network's inputs,
 * its distinct layers, its nodes and its outputs with their losses, in place of version 1-3's one loss
 * and list of layers. The tensors, normalizer and schema follow as in version 2.
 *
 * <pre>
 * inputs    int32 1..4096, then per input: name string, rank int32 (1..3), that many sizes int32
 * layers    int32 1..4096, then per layer: kind string and its settings, as in version 1
 * nodes     int32 1..4096, then per node: layer index int32, reads int32 (1..4096), then per read
 *           int32 ref (a node before this one if {@code >= 0}, input {@code -(ref + 1)} if negative)
 * outputs   int32 1..4096, then per output: name string, node int32, loss string, weight float64
 * </pre>
 * Loading rebuilds the graph through {@link Network#graph()}, so every rule the builder applies to a
 * graph (shapes, connections, names, weights) also applies to a file.
 */
final class GraphCodec {
    private GraphCodec() {}

    static void write(PayloadWriter w, Network network) {
        Topology t = network.topology();
        w.count("inputs", t.inputNames().size(), ModelFile.MAX_LAYERS);
        for (int k = 0; k < t.inputNames().size(); k++) {
            w.string(t.inputNames().get(k));
            int[] shape = t.inputShape(k);
            w.i32(shape.length);
            for (int d : shape) {
                w.size("input " + t.inputNames().get(k), d);
            }
        }
        w.count("layers", network.layers().size(), ModelFile.MAX_LAYERS);
        for (Layer layer : network.layers()) {
            ModelCodec.writeLayer(w, layer);
        }
        w.count("nodes", t.nodeCount(), ModelFile.MAX_LAYERS);
        for (int n = 0; n < t.nodeCount(); n++) {
            w.i32(t.layerIndex(n));
            int[] reads = t.reads(n);
            w.i32(reads.length);
            for (int ref : reads) {
                w.i32(ref);
            }
        }
        w.count("outputs", t.outputNames().size(), ModelFile.MAX_LAYERS);
        for (int j = 0; j < t.outputNames().size(); j++) {
            w.string(t.outputNames().get(j));
            w.i32(t.outputNode(j));
            Loss loss = t.loss(j);
            String name = Registry.lossName(loss.spec());
            if (name == null) {
                throw new IllegalArgumentException("cannot save loss " + loss.name() + " ("
                        + loss.getClass().getName() + "): the model format knows " + Registry.known());
            }
            w.string(name);
            w.f64(t.weight(j));
        }
    }

    /** The graph, built with zero-initialized layers (the caller reads the tensors into them), and its declared size. */
    static Network read(PayloadReader r, DataType type) throws ModelFormatException {
        GraphBuilder g = Network.graph().dataType(type).seed(0);
        int inputs = r.count("input", ModelFile.MAX_LAYERS, 12);
        List<Node> inputNodes = new ArrayList<>();
        for (int k = 0; k < inputs; k++) {
            String name = r.string();
            int rank = r.i32();
            if (rank < 1 || rank > 3) {
                throw r.error("input \"" + name + "\" has rank " + rank + "; 1 to 3 is allowed");
            }
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = r.size("input " + name);
            }
            inputNodes.add(build(r, () -> g.input(name, shape)));
        }
        int count = r.count("layer", ModelFile.MAX_LAYERS, 4);
        List<Layer> layers = new ArrayList<>();
        long declared = 0;
        for (int i = 0; i < count; i++) {
            Layer layer = ModelCodec.readLayer(r, i);
            declared += layer.parameterCount();
            layers.add(layer);
        }
        if (declared * (type == DataType.DOUBLE ? 8 : 4) > r.remaining()) {
            throw r.error("the layers declare " + declared + " parameters but only " + r.remaining() + " bytes remain");
        }
        int nodes = r.count("node", ModelFile.MAX_LAYERS, 12);
        List<Node> built = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int layer = r.i32();
            if (layer < 0 || layer >= layers.size()) {
                throw r.error("node " + n + " names layer " + layer + " of " + layers.size());
            }
            int reads = r.count("read", ModelFile.MAX_LAYERS, 4);
            Node[] from = new Node[reads];
            for (int k = 0; k < reads; k++) {
                int ref = r.i32();
                if (ref >= n || ref < -inputs) {
                    throw r.error("node " + n + " reads " + ref + ", which is neither an earlier node nor an input");
                }
                from[k] = ref >= 0 ? built.get(ref) : inputNodes.get(-ref - 1);
            }
            Layer l = layers.get(layer);
            built.add(build(r, () -> g.apply(l, from)));
        }
        int outputs = r.count("output", ModelFile.MAX_LAYERS, 20);
        for (int j = 0; j < outputs; j++) {
            String name = r.string();
            int node = r.i32();
            String lossName = r.string();
            double weight = r.f64();
            Loss loss = Registry.loss(lossName);
            if (loss == null) {
                throw r.error("unknown loss '" + lossName + "'");
            }
            if (node < 0 || node >= built.size()) {
                throw r.error("output \"" + name + "\" is node " + node + " of " + built.size());
            }
            build(r, () -> g.output(name, built.get(node), loss, weight));
        }
        return build(r, g::build);
    }

    private interface Step<T> {
        T run();
    }

    /** A builder step, its refusal reported as a corrupted file. */
    private static <T> T build(PayloadReader r, Step<T> step) throws ModelFormatException {
        try {
            return step.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw r.error("the graph is not valid: " + e.getMessage());
        }
    }
}
