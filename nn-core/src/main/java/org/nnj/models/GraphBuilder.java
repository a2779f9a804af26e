package org.nnj.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.Require;
import org.nnj.layers.Add;
import org.nnj.layers.Concatenate;
import org.nnj.layers.Layer;
import org.nnj.layers.MultiInputLayer;
import org.nnj.layers.Multiply;
import org.nnj.losses.Loss;

/**
 * Builds a graph network, as Keras's functional API does: declare the inputs, apply layers to nodes,
 * join branches ({@link #add}, {@link #concatenate}, {@link #multiply}), and name the outputs with a
 * loss each. A node can only read nodes made before it, so a graph has no cycles.
 *
 * <pre>{@code
 * GraphBuilder g = Network.graph();
 * Node x = g.input("x", 64);
 * Node h = g.apply(new Dense(64, 64, Activation.relu()), x);
 * Node r = g.add(x, g.apply(new Dense(64, 64), h));           // a residual block: x + f(x)
 * g.output("y", g.apply(new Dense(64, 10), r), Loss.softmaxCrossEntropy());
 * Network net = g.seed(1).build();
 * }</pre>
 *
 * <p>A layer applied at two nodes shares its parameters (a siamese network): its gradient is the sum
 * over both uses. Only layers whose backward pass keeps no state from their forward pass can be
 * shared ({@link Layer#sharable()}).
 */
public final class GraphBuilder {
    private final List<String> inputNames = new ArrayList<>();
    private final List<int[]> inputShapes = new ArrayList<>();
    private final List<Layer> ops = new ArrayList<>();
    private final List<int[]> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Integer> outputNodes = new ArrayList<>();
    private final List<Loss> losses = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final List<Node> frozen = new ArrayList<>();
    private DataType type = DataType.FLOAT;
    private long seed = 0;

    GraphBuilder() {}

    /** An input of flat examples of {@code size} values. */
    public Node input(String name, int size) {
        return input(name, new int[] {Require.positive(size, "size")});
    }

    /**
     * An input of one example's {@code shape}: {@code [n]}, {@code [time, features]} (a sequence) or
     * {@code [channels, height, width]} (an image).
     */
    public Node input(String name, int... shape) {
        Require.notNull(name, "name");
        if (name.isBlank() || inputNames.contains(name)) {
            throw new IllegalArgumentException("input name \"" + name + "\" is "
                    + (name.isBlank() ? "blank" : "taken: every input needs its own name"));
        }
        if (shape == null
                || shape.length < 1
                || shape.length > 3
                || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("input \"" + name
                    + "\" needs a shape of 1 to 3 positive dimensions, got " + Arrays.toString(shape));
        }
        long values = 1;
        for (int d : shape) {
            values *= d;
        }
        if (values > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input \"" + name + "\" of shape " + Arrays.toString(shape) + " has "
                    + values + " values, more than one row holds (" + Integer.MAX_VALUE + ")");
        }
        inputNames.add(name);
        inputShapes.add(shape.clone());
        return new Node(this, -inputNames.size(), shape, "input \"" + name + "\"");
    }

    /**
     * Applies {@code layer} to {@code from}: one node for a layer, several for a {@link MultiInputLayer}
     * (a sequence layer's second input is its padding mask). Each node's shape must be what the layer
     * expects there.
     */
    public Node apply(Layer layer, Node... from) {
        Require.notNull(layer, "layer");
        if (from == null || from.length == 0) {
            throw new IllegalArgumentException("apply(" + layer.name() + ") needs at least one input node");
        }
        List<int[]> expected = layer instanceof MultiInputLayer m ? m.inputShapes() : List.of(layer.inputShape());
        if (from.length > 1 && !(layer instanceof MultiInputLayer)) {
            throw new IllegalArgumentException(layer.name() + " reads one input, got " + from.length
                    + " nodes; join them first with add, concatenate or multiply");
        }
        if (layer instanceof MultiInputLayer m && from.length < m.requiredInputs()) {
            throw new IllegalArgumentException(layer.name() + " reads " + m.requiredInputs() + " inputs, got "
                    + from.length + " node" + (from.length == 1 ? "" : "s"));
        }
        if (from.length != expected.size() && !(from.length == 1 && layer instanceof MultiInputLayer)) {
            throw new IllegalArgumentException(
                    layer.name() + " reads " + expected.size() + " inputs, got " + from.length + " nodes");
        }
        int[] refs = new int[from.length];
        for (int k = 0; k < from.length; k++) {
            Node f = owned(from[k], "apply(" + layer.name() + ")");
            if (!NetworkChecks.sameShape(f.shape(), expected.get(k))) {
                throw new IllegalArgumentException(f + " has shape " + NetworkChecks.shape(f.shape()) + " but "
                        + layer.name() + " expects " + NetworkChecks.shape(expected.get(k))
                        + (k > 0 ? " for its input " + k : ""));
            }
            refs[k] = f.ref;
        }
        if (ops.contains(layer) && !layer.sharable()) {
            throw new IllegalArgumentException(layer.name() + " is applied at " + nodes.get(ops.indexOf(layer))
                    + " already, but it keeps state from its forward pass for its backward pass, so it cannot be"
                    + " shared; apply a second layer of the same kind");
        }
        ops.add(layer);
        inputs.add(refs);
        Node node =
                new Node(this, ops.size() - 1, layer.outputShape(), "node " + (ops.size() - 1) + " " + layer.name());
        nodes.add(node);
        return node;
    }

    /** The sum of nodes of one shape: {@code a + b + ...} (a residual connection). */
    public Node add(Node... from) {
        int[] shape = sameShapes("add", from);
        return apply(new Add(shape, from.length), from);
    }

    /** The elementwise product of two nodes of one shape. */
    public Node multiply(Node a, Node b) {
        int[] shape = sameShapes("multiply", a, b);
        return apply(new Multiply(shape), a, b);
    }

    /** Nodes side by side along features ({@link Concatenate}). */
    public Node concatenate(Node... from) {
        if (from == null || from.length < 2) {
            throw new IllegalArgumentException("concatenate needs at least 2 nodes");
        }
        List<int[]> shapes = new ArrayList<>();
        for (Node f : from) {
            shapes.add(owned(f, "concatenate").shape());
        }
        return apply(new Concatenate(shapes), from);
    }

    private int[] sameShapes(String what, Node... from) {
        if (from == null || from.length < 2) {
            throw new IllegalArgumentException(what + " needs at least 2 nodes");
        }
        int[] shape = owned(from[0], what).shape();
        for (Node f : from) {
            if (!Arrays.equals(owned(f, what).shape(), shape)) {
                throw new IllegalArgumentException(what + " needs nodes of one shape, but " + from[0] + " is "
                        + NetworkChecks.shape(shape) + " and " + f + " is " + NetworkChecks.shape(f.shape()));
            }
        }
        return shape;
    }

    private Node owned(Node node, String where) {
        Require.notNull(node, "node");
        if (node.owner != this) {
            throw new IllegalArgumentException(where + ": " + node + " belongs to another graph builder");
        }
        return node;
    }

    /** An output with its loss, weighted 1. */
    public GraphBuilder output(String name, Node node, Loss loss) {
        return output(name, node, loss, 1);
    }

    /** An output with its loss and weight: the network minimizes {@code Σ_j weight_j J_j}. */
    public GraphBuilder output(String name, Node node, Loss loss, double weight) {
        Require.notNull(name, "name");
        Require.notNull(loss, "loss");
        owned(node, "output \"" + name + "\"");
        if (name.isBlank() || outputNames.contains(name)) {
            throw new IllegalArgumentException("output name \"" + name + "\" is "
                    + (name.isBlank() ? "blank" : "taken: every output needs its own"));
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "output \"" + name + "\" needs a positive, finite weight, got " + weight);
        }
        if (node.ref < 0) {
            throw new IllegalArgumentException(
                    "output \"" + name + "\" is " + node + " itself; apply a layer to it first");
        }
        if (outputNodes.contains(node.ref)) {
            throw new IllegalArgumentException(node + " is output \"" + outputNames.get(outputNodes.indexOf(node.ref))
                    + "\" already; one loss per node");
        }
        outputNames.add(name);
        outputNodes.add(node.ref);
        losses.add(loss);
        weights.add(weight);
        return this;
    }

    /** Freezes the layers of these nodes: their parameters get no update ({@link SequentialBuilder#freeze}). */
    public GraphBuilder freeze(Node... of) {
        for (Node n : of) {
            if (owned(n, "freeze").ref < 0) {
                throw new IllegalArgumentException("freeze: " + n + " is an input, which has no parameters");
            }
            frozen.add(n);
        }
        return this;
    }

    /** FLOAT (float32, the default) or DOUBLE (float64, for gradient checks). */
    public GraphBuilder dataType(DataType type) {
        this.type = Require.floatOrDouble(type, "dataType");
        return this;
    }

    /** The seed of every random initial value; the same seed builds bit-identical parameters. */
    public GraphBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Checks the graph (an output per loss, every input read, every node feeding an output, the output
     * layers against their losses, the layers' settings against the type, the memory), then builds
     * every new layer in order of first use from one {@code java.util.Random(seed)}.
     */
    public Network build() {
        if (outputNodes.isEmpty()) {
            throw new IllegalArgumentException("a graph needs at least one output: call output(name, node, loss)");
        }
        List<Layer> distinct = new ArrayList<>();
        Map<Layer, Integer> index = new IdentityHashMap<>();
        int[] layerOf = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            Layer l = ops.get(i);
            if (!index.containsKey(l)) {
                index.put(l, distinct.size());
                distinct.add(l);
            }
            layerOf[i] = index.get(l);
        }
        Graph g = new Graph(
                distinct.toArray(new Layer[0]),
                ops.toArray(new Layer[0]),
                layerOf,
                inputs.toArray(new int[0][]),
                inputNames,
                inputShapes,
                outputNames,
                outputNodes.stream().mapToInt(Integer::intValue).toArray(),
                losses.toArray(new Loss[0]),
                weights.stream().mapToDouble(Double::doubleValue).toArray(),
                false);
        GraphChecks.beforeBuild(g, nodes, type);
        boolean[] frozenLayers = new boolean[distinct.size()];
        for (Node n : frozen) {
            frozenLayers[layerOf[n.ref]] = true;
        }
        return Network.assemble(g, type, seed, frozenLayers);
    }
}
