package org.nnj.models;

import java.util.List;
import org.nnj.layers.Layer;
import org.nnj.losses.Loss;

/**
 * What a network computes, as a graph: nodes in topological order, each a layer applied to earlier
 * nodes or to the network's inputs, and the outputs with their losses. A sequential network is the
 * graph whose node i reads node i - 1. Immutable; {@link Fusion} may have replaced patterns of nodes
 * by one fused node.
 */
final class Graph {
    /** The distinct layers, in order of first use: a layer applied at two nodes is listed once. */
    final Layer[] layers;
    /** Per node, the layer it runs (for a fused node, the fused pair). */
    final Layer[] ops;
    /** Per node, the index in {@link #layers} of the layer whose parameters it holds. */
    final int[] layerOf;
    /** Per node, what it reads: {@code >= 0} node, {@code < 0} network input {@code -(ref + 1)}. */
    final int[][] inputs;

    final String[] inputNames;
    final int[][] inputShapes;
    final int[] inputSizes;

    final String[] outputNames;
    final int[] outputNodes;
    final Loss[] losses;
    final double[] weights;
    /** Built by {@link SequentialBuilder}: one input "x", one output "y" of weight 1, node i reading node i - 1. */
    final boolean sequential;

    Graph(
            Layer[] layers,
            Layer[] ops,
            int[] layerOf,
            int[][] inputs,
            List<String> inputNames,
            List<int[]> inputShapes,
            List<String> outputNames,
            int[] outputNodes,
            Loss[] losses,
            double[] weights,
            boolean sequential) {
        this.layers = layers;
        this.ops = ops;
        this.layerOf = layerOf;
        this.inputs = inputs;
        this.inputNames = inputNames.toArray(new String[0]);
        this.inputShapes = inputShapes.toArray(new int[0][]);
        this.inputSizes = new int[this.inputShapes.length];
        for (int k = 0; k < inputSizes.length; k++) {
            int n = 1;
            for (int d : this.inputShapes[k]) {
                n *= d;
            }
            inputSizes[k] = n;
        }
        this.outputNames = outputNames.toArray(new String[0]);
        this.outputNodes = outputNodes;
        this.losses = losses;
        this.weights = weights;
        this.sequential = sequential;
    }

    int nodes() {
        return ops.length;
    }

    /** The width of one example of a value: a node's output or a network input's. */
    int width(int ref) {
        return ref >= 0 ? ops[ref].outputSize() : inputSizes[-ref - 1];
    }

    /** The sum of the input sizes: the width of the packed x. */
    int packedInputWidth() {
        int n = 0;
        for (int s : inputSizes) {
            n += s;
        }
        return n;
    }

    /** The width of output j's targets (its loss may take fewer columns than the output, as one class id). */
    int targetWidth(int j) {
        return losses[j].targetWidth(ops[outputNodes[j]].outputSize());
    }

    int packedOutputWidth() {
        int n = 0;
        for (int node : outputNodes) {
            n += ops[node].outputSize();
        }
        return n;
    }

    int packedTargetWidth() {
        int n = 0;
        for (int j = 0; j < outputNodes.length; j++) {
            n += targetWidth(j);
        }
        return n;
    }

    /**
     * True for the graph of a sequential network ({@link SequentialBuilder}); a graph of the same shape
     * built node by node keeps its names and weights, so it is not one.
     */
    boolean isChain() {
        return sequential;
    }
}
