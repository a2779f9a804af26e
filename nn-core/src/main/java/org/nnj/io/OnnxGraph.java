package org.nnj.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.TensorProto;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nnj.kernels.Matrix;

/** The graph under construction: nodes with generated output names, and float initializers. */
final class OnnxGraph {
    final GraphProto.Builder graph = GraphProto.newBuilder();
    private int nodes;

    /** A node {@code op(inputs)}; returns its output's name. */
    String node(String op, String... inputs) {
        return nodeBuilder(op, inputs).output();
    }

    /** A node to which attributes can still be added. */
    Node nodeBuilder(String op, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes);
        for (String in : inputs) {
            n.addInput(in);
        }
        n.addOutput(op.toLowerCase() + "_" + nodes++);
        return new Node(this, n);
    }

    String initializer(String name, INDArray values) {
        return initializer(name, values, values.shape());
    }

    /** A float initializer with {@code values}' elements in row-major order and the given dims. */
    String initializer(String name, INDArray values, long... dims) {
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
        String unique = name + "_" + nodes++;
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
        String unique = name + "_" + nodes++;
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
