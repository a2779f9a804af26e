package org.nnj.models;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.layers.Layer;

/** What {@link GraphBuilder#build} checks before it builds or allocates anything. */
final class GraphChecks {
    private GraphChecks() {}

    static void beforeBuild(Graph g, List<Node> nodes, DataType type) {
        int n = g.nodes();
        boolean[] feeds = new boolean[n]; // node i reaches an output
        for (int out : g.outputNodes) {
            feeds[out] = true;
        }
        boolean[] read = new boolean[g.inputNames.length];
        for (int i = n - 1; i >= 0; i--) {
            if (!feeds[i]) {
                throw new IllegalArgumentException(nodes.get(i) + " feeds no output: make it (or a node it feeds) an"
                        + " output with output(name, node, loss), or leave it out");
            }
            for (int ref : g.inputs[i]) {
                if (ref >= 0) {
                    feeds[ref] = true;
                } else {
                    read[-ref - 1] = true;
                }
            }
        }
        for (int k = 0; k < read.length; k++) {
            if (!read[k]) {
                throw new IllegalArgumentException("input \"" + g.inputNames[k] + "\" is read by no node that feeds an"
                        + " output: apply a layer to it, or leave it out");
            }
        }
        for (int j = 0; j < g.outputNodes.length; j++) {
            int node = g.outputNodes[j];
            OutputRules.requireLearnable(g.ops[node], node, g.losses[j]);
        }
        NetworkChecks.layersFit(Arrays.asList(g.layers), type, i -> describe(g, nodes, i));
    }

    private static String describe(Graph g, List<Node> nodes, int layer) {
        for (int i = 0; i < g.nodes(); i++) {
            if (g.layerOf[i] == layer) {
                return nodes.get(i).toString();
            }
        }
        Layer l = g.layers[layer];
        return l.name();
    }
}
