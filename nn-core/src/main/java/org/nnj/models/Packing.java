package org.nnj.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Columns;
import org.nnj.kernels.Matrix;

/**
 * Named arrays to and from the one matrix a network takes: a graph's inputs side by side in x, in the
 * order they were declared, its outputs' targets side by side in y, its predictions side by side.
 */
final class Packing {
    private Packing() {}

    static INDArray packInputs(Network net, Map<String, INDArray> arrays) {
        Graph g = net.built;
        return pack(net, arrays, g.inputNames, g.inputSizes, "input", "features");
    }

    static INDArray packTargets(Network net, Map<String, INDArray> arrays) {
        Graph g = net.built;
        int[] widths = new int[g.outputNodes.length];
        for (int j = 0; j < widths.length; j++) {
            widths[j] = g.targetWidth(j);
        }
        return pack(net, arrays, g.outputNames, widths, "output", "targets");
    }

    private static INDArray pack(
            Network net, Map<String, INDArray> arrays, String[] names, int[] widths, String what, String argName) {
        if (arrays == null) {
            throw new IllegalArgumentException(argName + " is null: give one array per " + what + " " + Set.of(names));
        }
        for (String name : arrays.keySet()) {
            if (!java.util.Arrays.asList(names).contains(name)) {
                throw new IllegalArgumentException(argName + " has an array \"" + name + "\" but the network has no "
                        + what + " of that name; its " + what + "s are " + java.util.Arrays.toString(names));
            }
        }
        Matrix[] parts = new Matrix[names.length];
        int rows = -1;
        int total = 0;
        for (int k = 0; k < names.length; k++) {
            INDArray a = arrays.get(names[k]);
            if (a == null) {
                throw new IllegalArgumentException(
                        argName + " has no array for " + what + " \"" + names[k] + "\" (" + widths[k] + " columns)");
            }
            parts[k] = Matrix.of(a, argName + "[\"" + names[k] + "\"]");
            if (parts[k].cols() != widths[k]) {
                throw new IllegalArgumentException(argName + "[\"" + names[k] + "\"] has shape "
                        + java.util.Arrays.toString(a.shape()) + " but " + what + " \"" + names[k] + "\" takes [batch, "
                        + widths[k] + "]");
            }
            if (rows >= 0 && parts[k].rows() != rows) {
                throw new IllegalArgumentException(argName + "[\"" + names[k] + "\"] has " + parts[k].rows()
                        + " rows but " + argName + "[\"" + names[0] + "\"] has " + rows + " (one row per example)");
            }
            if (parts[k].type() != net.dataType()) {
                throw new IllegalArgumentException(argName + "[\"" + names[k] + "\"] is " + parts[k].type()
                        + " but the network is " + net.dataType());
            }
            rows = parts[k].rows();
            total += widths[k];
        }
        if (names.length == 1) {
            return parts[0].array();
        }
        Matrix packed = Matrix.allocate(net.dataType(), rows, total);
        int col = 0;
        for (int k = 0; k < names.length; k++) {
            Columns.copyRows(parts[k], 0, 0, packed, col, widths[k], rows);
            col += widths[k];
        }
        return packed.array();
    }

    static Map<String, INDArray> unpackOutputs(Network net, INDArray predictions) {
        Graph g = net.built;
        Matrix all = Matrix.of(predictions, "predictions");
        Map<String, INDArray> result = new LinkedHashMap<>();
        int col = 0;
        for (int j = 0; j < g.outputNodes.length; j++) {
            int width = g.ops[g.outputNodes[j]].outputSize();
            Matrix part = Matrix.allocate(net.dataType(), all.rows(), width);
            Columns.copyRows(all, 0, col, part, 0, width, all.rows());
            result.put(g.outputNames[j], part.array());
            col += width;
        }
        return result;
    }

    /** dJ/dx of the last pass with the input gradient, the inputs side by side, as a new matrix. */
    static Matrix inputGradient(Network net, Workspace ws, int rows) {
        Graph g = net.graph;
        Matrix result = Matrix.allocate(net.dataType(), rows, g.packedInputWidth());
        int col = 0;
        for (int k = 0; k < g.inputSizes.length; k++) {
            Columns.copyRows(ws.inputGradient(k), 0, 0, result, col, g.inputSizes[k], rows);
            col += g.inputSizes[k];
        }
        return result;
    }
}
