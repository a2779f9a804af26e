package org.nnj.models;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Columns;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.layers.MultiInputLayer;
import org.nnj.layers.Parameter;

/**
 * A network's forward pass and backpropagation over its graph, as a chain of Jacobians.
 *
 * <p><b>Forward</b>, in topological order: {@code a_n = layer_n(a_{p_1}, ..., a_{p_k})}, where p are the
 * nodes (or inputs) node n reads.
 *
 * <p><b>Backward</b>, in reverse topological order, from the losses' gradients {@code dJ/da_out} (each
 * output's loss weighted, {@code J = Σ_j w_j J_j}): node n maps {@code dJ/da_n} to
 * {@code dJ/da_{p_k} += J_{n,k}^T dJ/da_n} for each value it reads, and fills its parameters'
 * gradients. A value read by several nodes sums what each sends back, {@code dJ/dx = Σ_k J_k^T g_k}
 * ({@link Plan}); a layer used at several nodes sums its parameter gradients over the uses.
 */
final class Passes {
    private Passes() {}

    /** The forward pass into the workspace; with a plan, its nodes in training mode run in training mode. */
    static void forward(Graph g, Plan plan, Workspace ws, Matrix[] inputs) {
        for (int n = 0; n < g.nodes(); n++) {
            boolean mode = plan != null && plan.training[n];
            int[] refs = g.inputs[n];
            INDArray out = ws.outputs[n].array();
            if (refs.length == 1) {
                g.ops[n].forward(value(ws, inputs, refs[0]), out, mode);
                continue;
            }
            INDArray[] args = ws.args[n];
            for (int k = 0; k < refs.length; k++) {
                args[k] = value(ws, inputs, refs[k]);
            }
            ((MultiInputLayer) g.ops[n]).forward(args, out, mode);
        }
    }

    private static INDArray value(Workspace ws, Matrix[] inputs, int ref) {
        return ref >= 0 ? ws.outputs[ref].array() : inputs[-ref - 1].array();
    }

    /**
     * Forward in training mode, the losses and their gradients, and backpropagation through the nodes
     * the plan runs (to the inputs if the plan asks for their gradient). Returns {@code J}.
     */
    static double gradients(
            Graph g, Plan plan, Workspace ws, Matrix[] inputs, Matrix[] targets, SharedGradients shared) {
        forward(g, plan, ws, inputs);
        double value = 0;
        for (int j = 0; j < g.outputNodes.length; j++) {
            int node = g.outputNodes[j];
            Matrix grad = ws.gradients[node];
            double w = g.weights[j];
            value += w * g.losses[j].valueAndGradient(ws.outputs[node].array(), targets[j].array(), grad.array());
            if (w != 1) {
                Elementwise.scale(grad, w);
            }
        }
        for (int n = g.nodes() - 1; n >= 0; n--) {
            if (!plan.runs[n]) {
                continue;
            }
            int[] refs = g.inputs[n];
            int[] dest = plan.dest[n];
            INDArray gradOut = ws.gradients[n].array();
            if (refs.length == 1) {
                Matrix gradIn = destination(ws, refs[0], dest[0]);
                g.ops[n].backward(
                        value(ws, inputs, refs[0]),
                        ws.outputs[n].array(),
                        gradOut,
                        gradIn == null ? null : gradIn.array());
            } else {
                INDArray[] args = ws.args[n];
                INDArray[] gradArgs = ws.gradArgs[n];
                for (int k = 0; k < refs.length; k++) {
                    args[k] = value(ws, inputs, refs[k]);
                    Matrix gk = destination(ws, refs[k], dest[k]);
                    gradArgs[k] = gk == null ? null : gk.array();
                }
                ((MultiInputLayer) g.ops[n]).backward(args, ws.outputs[n].array(), gradOut, gradArgs);
            }
            for (int k = 0; k < refs.length; k++) {
                if (dest[k] >= 0) { // a later contribution: dJ/dx += J_k^T g
                    Elementwise.axpy(1, ws.scratch[dest[k]], ws.gradientOf(refs[k]));
                }
            }
            if (plan.roles[n] != Plan.Role.ONLY) {
                shared.accumulate(g.layerOf[n], g.ops[n].parameters(), plan.roles[n]);
            }
        }
        return value;
    }

    private static Matrix destination(Workspace ws, int ref, int dest) {
        return dest == Plan.NONE ? null : dest == Plan.DIRECT ? ws.gradientOf(ref) : ws.scratch[dest];
    }

    /** Copies the columns of packed x (every input side by side) for rows [first, first + n) into the inputs. */
    static Matrix[] split(Graph g, Workspace ws, Matrix packed, int first, int n, Matrix[] into) {
        if (g.inputSizes.length == 1 && first == 0 && n == packed.rows()) {
            into[0] = packed;
            return into;
        }
        int col = 0;
        for (int k = 0; k < g.inputSizes.length; k++) {
            Matrix dst = ws.input(k);
            Columns.copyRows(packed, first, col, dst, 0, g.inputSizes[k], n);
            into[k] = dst;
            col += g.inputSizes[k];
        }
        return into;
    }

    /** Parameter gradients of the layers used at several nodes, summed over the uses. */
    static final class SharedGradients {
        private final Matrix[][] accumulators;

        SharedGradients(Graph g) {
            accumulators = new Matrix[g.layers.length][];
        }

        void accumulate(int layer, List<Parameter> parameters, Plan.Role role) {
            if (accumulators[layer] == null) {
                accumulators[layer] = new Matrix[parameters.size()];
                for (int p = 0; p < parameters.size(); p++) {
                    accumulators[layer][p] =
                            Matrix.of(parameters.get(p).gradient(), "gradient").copy();
                }
            }
            for (int p = 0; p < parameters.size(); p++) {
                Matrix grad = Matrix.of(parameters.get(p).gradient(), "gradient");
                Matrix acc = accumulators[layer][p];
                switch (role) {
                    case FIRST -> acc.copyFrom(grad);
                    case MIDDLE -> Elementwise.axpy(1, grad, acc);
                    case LAST -> Elementwise.axpy(1, acc, grad);
                    default -> {}
                }
            }
        }
    }
}
