package org.nnj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.TypeProto;
import onnx.OnnxMl.ValueInfoProto;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.data.Normalizer;
import org.nnj.kernels.Matrix;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Layer;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.models.Network;

/**
 * Writes a trained network as an ONNX model (opset {@value #OPSET}), for ONNX Runtime and every other
 * ONNX consumer, with the protobuf classes ND4J ships (package {@code onnx}). The graph computes what
 * {@code SavedModel.predict} computes, in float32:
 * <ul>
 *   <li>the normalizer, if any, first: {@code (x - shift) / scale} as Sub and Div nodes (mean and
 *       standard deviation for a Standardizer, minimum and range for a MinMaxScaler);</li>
 *   <li>each {@link Dense} as {@code Gemm(x, W, b, transB = 1)}, i.e. {@code x Wᵀ + b}, then its
 *       activation; an {@link ActivationLayer} as its activation; {@link Dropout} as nothing (it is the
 *       identity at inference);</li>
 *   <li>activations: Relu, LeakyRelu(alpha), Sigmoid, Tanh, Softmax(axis = 1), and the unit step as
 *       {@code Cast(GreaterOrEqual(z, 0))};</li>
 *   <li>the loss's link last: Softmax after a softmax cross-entropy network, Sigmoid after binary
 *       cross-entropy on logits, so the output is probabilities, as {@code predict}'s is.</li>
 * </ul>
 * The input is {@code "input"} of shape [batch, inputSize] and the output {@code "output"} of shape
 * [batch, outputSize], with the batch dimension left free. A layer or activation without an ONNX form
 * is refused with an {@link IllegalArgumentException} naming it, and nothing is written.
 */
public final class Onnx {
    /** The operator set the graph uses. */
    public static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    static final int IR_VERSION = 7;

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

    private Onnx() {}

    /** Writes {@code network}, with {@code normalizer} (or null) in front, to {@code file}, atomically. */
    public static void export(Network network, Normalizer normalizer, Path file) throws IOException {
        Require.notNull(file, "file");
        byte[] bytes = model(network, normalizer).toByteArray();
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The ONNX model of {@code network} with {@code normalizer} (or null) in front. */
    public static ModelProto model(Network network, Normalizer normalizer) {
        Require.notNull(network, "network");
        Graph g = new Graph();
        String x = "input";
        if (normalizer != null) {
            double[][] shiftScale = shiftAndScale(normalizer);
            x = g.node("Sub", x, g.constant("shift", shiftScale[0]));
            x = g.node("Div", x, g.constant("scale", shiftScale[1]));
        }
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Dense d) {
                String w = g.initializer("layer" + i + ".weight", d.weight());
                String b = g.initializer("layer" + i + ".bias", d.bias().reshape(d.outputSize()));
                x = g.nodeBuilder("Gemm", x, w, b).attribute("transB", 1).output();
                x = activation(g, d.activation().spec(), x, layer);
            } else if (layer instanceof ActivationLayer a) {
                x = activation(g, a.activation().spec(), x, layer);
            } else if (!(layer instanceof Dropout)) {
                throw new IllegalArgumentException("cannot export layer " + i + " " + layer.name() + " ("
                        + layer.getClass().getName() + ") to ONNX: Dense, ActivationLayer and Dropout can be");
            }
        }
        if (network.lossFunction() instanceof SoftmaxCrossEntropy) {
            x = g.nodeBuilder("Softmax", x).attribute("axis", 1).output();
        } else if (network.lossFunction() instanceof BinaryCrossEntropy bce && bce.isFromLogits()) {
            x = g.node("Sigmoid", x);
        }
        g.graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput(x).addOutput("output"));
        g.graph
                .setName("nnj")
                .addInput(value("input", network.inputSize()))
                .addOutput(value("output", network.outputSize()));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(onnx.OnnxMl.OperatorSetIdProto.newBuilder()
                        .setDomain("")
                        .setVersion(OPSET))
                .setProducerName("nnj")
                .setGraph(g.graph)
                .build();
    }

    private static String activation(Graph g, Spec spec, String x, Layer layer) {
        return switch (spec.kind()) {
            case "identity" -> x;
            case "relu" -> g.node("Relu", x);
            case "sigmoid" -> g.node("Sigmoid", x);
            case "tanh" -> g.node("Tanh", x);
            case "softmax" -> g.nodeBuilder("Softmax", x).attribute("axis", 1).output();
            case "leakyrelu" -> g.nodeBuilder("LeakyRelu", x)
                    .attribute("alpha", (float) spec.doubleValue("alpha"))
                    .output();
            case "step" -> g.nodeBuilder("Cast", g.node("GreaterOrEqual", x, g.constant("zero", new double[] {0})))
                    .attribute("to", FLOAT)
                    .output();
            default -> throw new IllegalArgumentException(
                    "cannot export activation " + spec.kind() + " of " + layer.name() + " to ONNX");
        };
    }

    /** {@code x -> (x - shift) / scale} for the registered normalizers. */
    private static double[][] shiftAndScale(Normalizer normalizer) {
        Spec s = normalizer.spec();
        return switch (s.kind()) {
            case "standardizer" -> new double[][] {s.doubles("mean"), s.doubles("std")};
            case "minmax" -> new double[][] {s.doubles("min"), s.doubles("range")};
            default -> throw new IllegalArgumentException("cannot export normalizer " + s.kind() + " ("
                    + normalizer.getClass().getName() + ") to ONNX");
        };
    }

    private static ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(
                                TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape)))
                .build();
    }

    /** The graph under construction: nodes with generated output names, and float initializers. */
    private static final class Graph {
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
            Matrix m = Matrix.of(values.rank() == 1 ? values.reshape(1, values.length()) : values, name);
            ByteBuffer raw = ByteBuffer.allocate(4 * m.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < m.size(); i++) {
                raw.putFloat((float) m.get(i));
            }
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
            for (long d : values.shape()) {
                t.addDims(d);
            }
            graph.addInitializer(t.setRawData(ByteString.copyFrom(raw.array())));
            return name;
        }

        String constant(String name, double[] values) {
            String unique = name + "_" + nodes++;
            ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                raw.putFloat((float) v);
            }
            graph.addInitializer(TensorProto.newBuilder()
                    .setName(unique)
                    .setDataType(FLOAT)
                    .addDims(values.length)
                    .setRawData(ByteString.copyFrom(raw.array())));
            return unique;
        }
    }

    /** A node being built: attributes, then {@link #output} adds it to the graph. */
    private record Node(Graph graph, NodeProto.Builder node) {
        Node attribute(String name, long value) {
            node.addAttribute(AttributeProto.newBuilder()
                    .setName(name)
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(value));
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
