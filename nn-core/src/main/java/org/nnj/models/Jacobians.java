package org.nnj.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Layer;
import org.nnj.layers.MultiInputLayer;

/**
 * The explicit Jacobian of a whole network, {@code d(outputs)/dx} at one example, by the chain rule on
 * its graph: an input's Jacobian selects its block of x, and node n's is
 * {@code J_n = Σ_k (d a_n / d a_{p_k}) J_{p_k}} over the values it reads, each factor the layer's own
 * {@link Layer#jacobian}. For tests and for teaching: it is the matrix the backward pass multiplies by
 * without forming it ({@code dJ/dx = J^T dJ/d(outputs)}).
 */
public final class Jacobians {
    private Jacobians() {}

    /**
     * {@code d(outputs)/dx} (outputSize x inputSize, the outputs and the inputs side by side) at the
     * example x (1 x inputSize), of the raw outputs (before a loss's link such as softmax), in inference
     * mode.
     */
    public static double[][] of(Network net, INDArray x) {
        Matrix row = BatchChecks.features(net, x, "x");
        if (row.rows() != 1) {
            throw new IllegalArgumentException(
                    "the Jacobian is for one example: x must be 1 x " + net.inputSize() + ", got " + row.describe());
        }
        Graph g = net.built;
        int width = g.packedInputWidth();
        Matrix[] inputs = new Matrix[g.inputNames.length];
        double[][][] inputJacobians = new double[inputs.length][][];
        int col = 0;
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = Matrix.allocate(net.dataType(), 1, g.inputSizes[k]);
            org.nnj.kernels.Columns.copyRows(row, 0, col, inputs[k], 0, g.inputSizes[k], 1);
            inputJacobians[k] = new double[g.inputSizes[k]][width];
            for (int i = 0; i < g.inputSizes[k]; i++) {
                inputJacobians[k][i][col + i] = 1;
            }
            col += g.inputSizes[k];
        }
        Matrix[] values = new Matrix[g.nodes()];
        double[][][] jacobians = new double[g.nodes()][][];
        for (int n = 0; n < g.nodes(); n++) {
            int[] refs = g.inputs[n];
            Layer layer = g.ops[n];
            values[n] = Matrix.allocate(net.dataType(), 1, layer.outputSize());
            int total = 0;
            for (int ref : refs) {
                total += g.width(ref);
            }
            Matrix joined = Matrix.allocate(net.dataType(), 1, total);
            INDArray[] args = new INDArray[refs.length];
            int at = 0;
            for (int k = 0; k < refs.length; k++) {
                Matrix v = refs[k] >= 0 ? values[refs[k]] : inputs[-refs[k] - 1];
                args[k] = v.array();
                joined.copyRange(v, 0, at, v.size());
                at += v.size();
            }
            if (refs.length == 1) {
                layer.forward(args[0], values[n].array(), false);
            } else {
                ((MultiInputLayer) layer).forward(args, values[n].array(), false);
            }
            Matrix local = Matrix.of(layer.jacobian(refs.length == 1 ? args[0] : joined.array()), "jacobian");
            double[][] j = new double[layer.outputSize()][width];
            int offset = 0;
            for (int ref : refs) {
                double[][] upstream = ref >= 0 ? jacobians[ref] : inputJacobians[-ref - 1];
                int w = g.width(ref);
                for (int o = 0; o < j.length; o++) {
                    for (int m = 0; m < w; m++) {
                        double d = local.get(o, offset + m);
                        if (d != 0) {
                            for (int c = 0; c < width; c++) {
                                j[o][c] += d * upstream[m][c];
                            }
                        }
                    }
                }
                offset += w;
            }
            jacobians[n] = j;
        }
        double[][] result = new double[g.packedOutputWidth()][];
        int r = 0;
        for (int node : g.outputNodes) {
            for (double[] rowOfJ : jacobians[node]) {
                result[r++] = rowOfJ;
            }
        }
        return result;
    }
}
