package org.nnj.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.TensorProto;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nnj.kernels.Matrix;

/**
 * The graph under construction: nodes with generated output names, and float initializers. A generated
 * name never takes a {@link #reserve reserved} one (the graph's input and output names); an initializer
 * asked for twice under one name (a layer shared by two nodes) is written once.
 */
final class OnnxGraph {
    final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;
    private final Set<String> reserved = new HashSet<>();
    /** Each named initializer's name as asked for, to the name it was written under. */
    private final Map<String, String> initializers = new HashMap<>();

    /** Keeps generated names off {@code names} (the graph's inputs and outputs). */
    void reserve(Iterable<String> names) {
        names.forEach(reserved::add);
    }

    /** The next counter value whose {@code prefix + "_" + n} is not reserved. */
    private int next(String prefix) {
        while (reserved.contains(prefix + "_" + nodes)) {
            nodes++;
        }
        return nodes++;
    }

    /** A node {@code op(inputs)}; returns its output's name. */
    String node(String op, String... inputs) {
        return nodeBuilder(op, inputs).output();
    }

    /** A node to which attributes can still be added. */
    Node nodeBuilder(String op, String... inputs) {
        int id = next(op.toLowerCase());
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + id);
        for (String in : inputs) {
            n.addInput(in);
        }
        n.addOutput(op.toLowerCase() + "_" + id);
        return new Node(this, n);
    }

    String initializer(String name, INDArray values) {
        return initializer(name, values, values.shape());
    }

    /**
     * A float initializer with {@code values}' elements in row-major order and the given dims; one asked
     * for under a name already given (a shared layer's) is that one.
     */
    String initializer(String name, INDArray values, long... dims) {
        String known = initializers.get(name);
        if (known != null) {
            return known;
        }
        String asked = name;
        if (reserved.contains(name)) {
            name = name + "_" + next(name);
        }
        initializers.put(asked, name);
        Matrix m = Matrix.of(values.rank() == 1 ? values.reshape(1, values.length()) : values, name);
        ByteBuffer raw = ByteBuffer.allocate(4 * m.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < m.size(); i++) {
            raw.putFloat(Onnx.float32(name, i, m.get(i)));
        }
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t.setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    String initializer(String name, INDArray values, int... dims) {
        return initializer(
                name, values, java.util.Arrays.stream(dims).asLongStream().toArray());
    }

    /** An int64 initializer (a shape for Reshape). */
    String longs(String name, long... values) {
        String unique = name + "_" + next(name);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        graph.addInitializer(TensorProto.newBuilder()
                .setName(unique)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(raw.array())));
        return unique;
    }

    /** A float constant; {@code what} names it in a refusal. */
    String constant(String name, double[] values, String what) {
        String unique = name + "_" + next(name);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            raw.putFloat(Onnx.float32(what, i, values[i]));
        }
        graph.addInitializer(TensorProto.newBuilder()
                .setName(unique)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(raw.array())));
        return unique;
    }

    /** A node being built: attributes, then {@link #output} adds it to the graph. */
    record Node(OnnxGraph graph, NodeProto.Builder node) {
        Node attribute(String name, long value) {
            node.addAttribute(AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(value));
            return this;
        }

        Node attribute(String name, int... values) {
            AttributeProto.Builder a =
                    AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (int v : values) {
                a.addInts(v);
            }
            node.addAttribute(a);
            return this;
        }

        Node attribute(String name, float value) {
            node.addAttribute(AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF(value));
            return this;
        }

        String output() {
            graph.graph.addNode(node);
            return node.getOutput(0);
        }
    }
}
