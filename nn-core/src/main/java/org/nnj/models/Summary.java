package org.nnj.models;

/**
 * {@link Network#summary()}: a table of layers, output shapes and parameter counts, as Keras prints; for
 * a graph, of nodes, with what each reads.
 */
final class Summary {
    private Summary() {}

    static String of(Network net) {
        Graph g = net.built;
        StringBuilder sb = new StringBuilder();
        boolean chain = g.isChain();
        String row = chain ? "%-4s %-32s %-14s %12s%n" : "%-4s %-32s %-14s %12s  %s%n";
        sb.append(String.format(row, "#", chain ? "Layer" : "Node", "Output", "Params", "Reads"));
        if (!chain) {
            for (int k = 0; k < g.inputNames.length; k++) {
                sb.append(String.format(
                        row, "in" + k, "Input \"" + g.inputNames[k] + "\"", shape(g.inputShapes[k]), 0, ""));
            }
        }
        for (int i = 0; i < g.nodes(); i++) {
            boolean repeat = false;
            for (int p = 0; p < i; p++) {
                repeat |= g.layerOf[p] == g.layerOf[i];
            }
            StringBuilder reads = new StringBuilder();
            for (int ref : g.inputs[i]) {
                reads.append(reads.length() == 0 ? "" : ", ").append(ref >= 0 ? "#" + ref : "in" + (-ref - 1));
            }
            sb.append(String.format(
                    row,
                    i,
                    g.ops[i].name() + (repeat ? " (shared)" : ""),
                    shape(g.ops[i].outputShape()),
                    repeat ? 0 : g.ops[i].parameterCount(),
                    reads));
        }
        StringBuilder losses = new StringBuilder();
        for (int j = 0; j < g.outputNodes.length; j++) {
            losses.append(j == 0 ? "" : ", ")
                    .append(chain ? "" : g.outputNames[j] + " = #" + g.outputNodes[j] + " ")
                    .append(g.losses[j].name())
                    .append(g.weights[j] == 1 ? "" : " x " + g.weights[j]);
        }
        sb.append(
                String.format("Total parameters: %d (%s)   Loss: %s%n", net.parameterCount(), net.dataType(), losses));
        return sb.toString();
    }

    private static String shape(int[] s) {
        return "[batch, " + NetworkChecks.shape(s).replace(" values", "") + "]";
    }
}
