package org.nnj.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * The buffers one forward and backward pass of a graph needs at one batch size, allocated once and
 * reused: the output of every node and (for training) the gradient of every node's output, the scratch
 * buffers where a value that feeds several nodes collects their gradients ({@link Plan}), and the
 * argument arrays the nodes are called with.
 */
final class Workspace {
    final int batch;
    /** outputs[n] is the output of node n (batch x its output size). */
    final Matrix[] outputs;
    /** gradients[n] is dJ/d(output of node n); an inference workspace has none. */
    final Matrix[] gradients;
    /** scratch[s] receives a later contribution to a value's gradient (training only). */
    final Matrix[] scratch;
    /** Per node, its arguments and their gradient buffers, filled at each call. */
    final INDArray[][] args;

    final INDArray[][] gradArgs;

    /** The inputs of the current pass ({@link Passes#split}) and the targets of each output. */
    final Matrix[] in;

    final Matrix[] out;

    private final Graph graph;
    private final DataType type;
    private final Matrix[] inputs;
    private final Matrix[] inputGradients;
    private final Matrix[] targets;

    Workspace(Graph g, DataType type, int batch, boolean withGradients, Plan plan) {
        this.graph = g;
        this.batch = batch;
        this.type = type;
        int n = g.nodes();
        outputs = new Matrix[n];
        gradients = new Matrix[n];
        args = new INDArray[n][];
        gradArgs = new INDArray[n][];
        for (int i = 0; i < n; i++) {
            outputs[i] = Matrix.allocate(type, batch, g.ops[i].outputSize());
            if (withGradients) {
                gradients[i] = Matrix.allocate(type, batch, g.ops[i].outputSize());
            }
            args[i] = new INDArray[g.inputs[i].length];
            gradArgs[i] = new INDArray[g.inputs[i].length];
        }
        scratch = new Matrix[withGradients ? plan.scratchTarget.length : 0];
        for (int s = 0; s < scratch.length; s++) {
            scratch[s] = Matrix.allocate(type, batch, g.width(plan.scratchTarget[s]));
        }
        inputs = new Matrix[g.inputNames.length];
        inputGradients = new Matrix[g.inputNames.length];
        targets = new Matrix[g.outputNodes.length];
        in = new Matrix[g.inputNames.length];
        out = new Matrix[g.outputNodes.length];
    }

    /** A batch x (input k's size) buffer, for one input of several or a block of a larger input (made on first use). */
    Matrix input(int k) {
        if (inputs[k] == null) {
            inputs[k] = Matrix.allocate(type, batch, graph.inputSizes[k]);
        }
        return inputs[k];
    }

    /** dJ/d(input k), made on first use. */
    Matrix inputGradient(int k) {
        if (inputGradients[k] == null) {
            inputGradients[k] = Matrix.allocate(type, batch, graph.inputSizes[k]);
        }
        return inputGradients[k];
    }

    /** Output j's targets, when the network has several outputs (made on first use). */
    Matrix target(int j) {
        if (targets[j] == null) {
            targets[j] = Matrix.allocate(type, batch, graph.targetWidth(j));
        }
        return targets[j];
    }

    /** The gradient buffer of a value: a node's output, or a network input's. */
    Matrix gradientOf(int ref) {
        return ref >= 0 ? gradients[ref] : inputGradient(-ref - 1);
    }
}
