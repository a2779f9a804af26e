package org.nnj.models;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Reductions;

/**
 * The checks every {@link Network} entry point makes on a batch before touching anything: rank,
 * width against the first and last layer, type, finiteness, row counts and the loss's target
 * domain. Each failure names the argument, its shape and the layer it does not fit.
 */
final class BatchChecks {
    private BatchChecks() {}

    /** x (batch x inputSize) of the network's type with finite values, as the kernels' view. */
    static Matrix features(Network net, INDArray x, String name) {
        Matrix m = Matrix.of(x, name);
        if (m.cols() != net.inputSize()) {
            Graph g = net.built;
            String expects = g.isChain()
                    ? "layer 0 " + g.ops[0].name() + " expects [batch, " + net.inputSize() + "]"
                    : "the inputs " + describe(g.inputNames, g.inputSizes) + " take [batch, " + net.inputSize()
                            + "] side by side (or pass them by name: network.dataset(features, targets))";
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(x.shape()) + " but " + expects);
        }
        requireType(net, m, name);
        Reductions.requireFinite(m, name);
        return m;
    }

    /**
     * y (one row per row of x, as wide as the outputs' targets) of the network's type, finite, and for a
     * network with one output in its loss's domain ({@link #targetDomains} checks several).
     */
    static Matrix targets(Network net, INDArray y, Matrix x) {
        Matrix m = Matrix.of(y, "y");
        if (m.rows() != x.rows()) {
            throw new IllegalArgumentException(
                    "y has " + m.rows() + " rows but x has " + x.rows() + " (one target row per example)");
        }
        Graph g = net.built;
        int width = g.packedTargetWidth();
        if (m.cols() != width) {
            int last = g.outputNodes[g.outputNodes.length - 1];
            int outputSize = g.ops[last].outputSize();
            String outputs = g.outputNodes.length == 1
                    ? (g.isChain() ? "the last layer " : "output \"" + g.outputNames[0] + "\" ")
                            + g.ops[last].name() + " outputs [batch, " + outputSize + "]"
                            + (width != outputSize
                                    ? " and loss " + g.losses[0].name() + " takes targets of [batch, " + width + "]"
                                    : width > 1 ? "; class labels must be one-hot encoded" : "")
                    : "the outputs' targets " + describe(g.outputNames, targetWidths(g)) + " take [batch, " + width
                            + "] side by side (or pass them by name: network.dataset(features, targets))";
            throw new IllegalArgumentException("y has shape " + Arrays.toString(y.shape()) + " but " + outputs);
        }
        requireType(net, m, "y");
        Reductions.requireFinite(m, "y");
        if (g.outputNodes.length == 1) {
            g.losses[0].checkTargets(y, "y");
        }
        return m;
    }

    /**
     * Each output's targets, split out of a checked y into the workspace (y itself for one output), each
     * checked against its loss's domain; without a workspace the split allocates.
     */
    static Matrix[] targetDomains(Network net, Matrix y, Workspace ws) {
        Graph g = net.graph;
        Matrix[] targets = ws != null ? ws.out : new Matrix[g.outputNodes.length];
        if (targets.length == 1) {
            targets[0] = y;
            return targets;
        }
        int col = 0;
        for (int j = 0; j < targets.length; j++) {
            int width = g.targetWidth(j);
            targets[j] = ws != null ? ws.target(j) : Matrix.allocate(net.dataType(), y.rows(), width);
            org.nnj.kernels.Columns.copyRows(y, 0, col, targets[j], 0, width, y.rows());
            g.losses[j].checkTargets(targets[j].array(), "y (output \"" + g.outputNames[j] + "\")");
            col += width;
        }
        return targets;
    }

    private static int[] targetWidths(Graph g) {
        int[] w = new int[g.outputNodes.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = g.targetWidth(j);
        }
        return w;
    }

    private static String describe(String[] names, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < names.length; k++) {
            sb.append(k == 0 ? "" : " + ")
                    .append('"')
                    .append(names[k])
                    .append("\" (")
                    .append(widths[k])
                    .append(')');
        }
        return sb.toString();
    }

    private static void requireType(Network net, Matrix m, String name) {
        if (m.type() != net.dataType()) {
            throw new IllegalArgumentException(name + " is " + m.type() + " but the network is " + net.dataType()
                    + "; convert it with " + name + ".castTo(DataType." + net.dataType() + ")");
        }
    }

    /** Refuses a training batch a layer cannot learn from: batch normalization needs at least 2 rows. */
    static void trainingBatch(org.nnj.layers.Layer[] layers, int rows) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof org.nnj.layers.BatchNormalization bn) {
                bn.requireTrainingBatch(rows, "layer " + i + " ");
            }
        }
    }
}
