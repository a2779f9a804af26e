package org.nnj.models;

import java.util.List;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;

/**
 * A network's graph as built, in the library's own terms: its inputs, its nodes (each a layer of
 * {@link Network#layers()} and the values it reads) and its outputs with their losses. A model file
 * writes it; an ONNX export translates it; {@link Network#graph()} rebuilds it node by node.
 */
public final class Topology {
    private final Graph g;

    Topology(Graph g) {
        this.g = g;
    }

    /** Input names, in the order x holds them side by side. */
    public List<String> inputNames() {
        return List.of(g.inputNames);
    }

    /** The shape of one example of input k. */
    public int[] inputShape(int k) {
        return g.inputShapes[k].clone();
    }

    public int nodeCount() {
        return g.nodes();
    }

    /** The layer node n applies. */
    public Layer layer(int node) {
        return g.ops[node];
    }

    /** The index in {@link Network#layers()} of the layer node n applies. */
    public int layerIndex(int node) {
        return g.layerOf[node];
    }

    /** What node n reads, in order: {@code >= 0} a node, {@code < 0} input {@code -(ref + 1)}. */
    public int[] reads(int node) {
        return g.inputs[node].clone();
    }

    public List<String> outputNames() {
        return List.of(g.outputNames);
    }

    /** The node output j is. */
    public int outputNode(int j) {
        return g.outputNodes[j];
    }

    public Loss loss(int j) {
        return g.losses[j];
    }

    public double weight(int j) {
        return g.weights[j];
    }

    /**
     * True for a network built by {@link Network#builder()} (one input, one output, node i reads node
     * i - 1; saved in the sequential format); a graph of that shape built node by node is not.
     */
    public boolean isSequential() {
        return g.isChain();
    }
}
