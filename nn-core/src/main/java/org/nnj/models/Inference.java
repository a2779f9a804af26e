package org.nnj.models;

import org.nnj.kernels.Columns;
import org.nnj.kernels.Matrix;

/** {@link Network#predict} and {@link Network#loss}: forward passes in inference mode, in blocks. */
final class Inference {
    private Inference() {}

    static org.nd4j.linalg.api.ndarray.INDArray predict(Network net, Matrix in, Workspaces cache) {
        Graph g = net.graph;
        int rows = in.rows();
        int outs = g.outputNodes.length;
        Matrix[] parts = new Matrix[outs];
        for (int j = 0; j < outs; j++) {
            parts[j] = Matrix.allocate(net.dataType(), rows, g.ops[g.outputNodes[j]].outputSize());
        }
        for (int first = 0; first < rows; first += Network.PREDICT_BLOCK) {
            int n = Math.min(Network.PREDICT_BLOCK, rows - first);
            Workspace ws = cache.get(n);
            Passes.forward(g, null, ws, Passes.split(g, ws, in, first, n, ws.in));
            for (int j = 0; j < outs; j++) {
                int width = parts[j].cols();
                parts[j].copyRange(ws.outputs[g.outputNodes[j]], 0, first * width, n * width);
            }
        }
        for (int j = 0; j < outs; j++) {
            g.losses[j].link(parts[j].array());
        }
        if (outs == 1) {
            return parts[0].array();
        }
        Matrix result = Matrix.allocate(net.dataType(), rows, g.packedOutputWidth());
        int col = 0;
        for (Matrix part : parts) {
            Columns.copyRows(part, 0, 0, result, col, part.cols(), rows);
            col += part.cols();
        }
        return result.array();
    }

    /** {@code J = Σ_j w_j J_j} on (x, y), in inference mode. */
    static double loss(Network net, Matrix x, Matrix y, Workspace ws) {
        Graph g = net.graph;
        Matrix[] targets = BatchChecks.targetDomains(net, y, ws);
        Passes.forward(g, null, ws, Passes.split(g, ws, x, 0, x.rows(), ws.in));
        double value = 0;
        for (int j = 0; j < g.outputNodes.length; j++) {
            value += g.weights[j] * g.losses[j].value(ws.outputs[g.outputNodes[j]].array(), targets[j].array());
        }
        return value;
    }
}
