package org.nnj.io;

import java.io.IOException;
import java.nio.file.Path;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.TypeProto;
import onnx.OnnxMl.ValueInfoProto;
import org.nnj.Require;
import org.nnj.Spec;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.kernels.GatedActivations;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.AvgPool2D;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Flatten;
import org.nnj.layers.Layer;
import org.nnj.layers.MaxPool2D;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
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
 *   <li>image layers on [batch, C, H, W]: a Reshape before the first ({@code rows hold images
 *       channel-major}, which is NCHW), {@link Conv2D} as Conv (W reshaped to F x C x k x k, its pads)
 *       then its activation, {@link MaxPool2D} and {@link AvgPool2D} as MaxPool and AveragePool, and a
 *       Flatten where a flat layer follows ({@link Flatten} itself adds nothing else);</li>
 *   <li>{@link BatchNormalization} as BatchNormalization with the running statistics (inference);</li>
 *   <li>activations: Relu, LeakyRelu(alpha), Sigmoid, Tanh, Softmax(axis = 1), Elu(alpha), Selu,
 *       Softplus, Softsign, HardSigmoid(1/6, 1/2), the step as {@code Cast(GreaterOrEqual(z, 0))}, and,
 *       since opset 13 has no Gelu, GELU as {@code z (½ + ½ Erf(z / √2))}, its tanh form as {@code
 *       z Sigmoid(2√(2/π) (z + 0.044715 z³))} (= ½ z (1 + tanh u)) and SiLU as {@code Mul(z, Sigmoid(z))};</li>
 *   <li>the loss's link last: Softmax after a softmax cross-entropy network, Sigmoid after binary
 *       cross-entropy on logits, so the output is probabilities, as {@code predict}'s is.</li>
 * </ul>
 * The input is {@code "input"} of shape [batch, inputSize] and the output {@code "output"} of shape
 * [batch, outputSize], with the batch dimension left free.
 *
 * <p>A graph network ({@link Network#graph()}) is translated node by node from its
 * {@link Network#topology()} ({@code OnnxNodes}): one graph input per network input, under its name,
 * [batch, its size] (an image input's rows channel-major, as x holds them), the normalizer's columns of
 * that input applied to it; each node's layer as above, or its merge ({@code OnnxMerge}):
 * {@code Add} as Add (Sum for more than two), {@code Multiply} as Mul, {@code Concatenate} as Concat
 * (axis 1 for flat values and along channels for images; sequences [time, f_k] reshaped to
 * [batch, time, f_k], joined on axis 2 and reshaped back); a shared layer's parameters written once;
 * and one graph output per network output, under its name, with its own loss's link. Each value is
 * flat or an image on its own, converted once for the layers that need the other layout. A sequential
 * network's names {@code x} and {@code y} become {@code "input"} and {@code "output"}, so that a chain's
 * model is the one it always was. With a {@link Schema} (a model of the csv
 * command), the input is the schema's <em>encoded</em> features, {@link Schema#width()} columns in
 * {@link Schema#featureNames()} order: the schema's one-hot encoding of text columns, its imputation
 * and its missing-value indicators are not exported and must be applied before the graph; a
 * regression schema's target unscaling {@code y = t · std + mean} is appended (Mul, Add), so that the
 * output is in the target's units, as {@code predict} reports it.
 *
 * <p>Refused with an {@link IllegalArgumentException} naming the part, and nothing written: a layer or
 * activation without an ONNX form; a node that reads several values and is not a merge (a mask); an
 * input and an output of one name; a regression schema with a network of several outputs (the
 * schema unscales one target); a normalizer or schema whose width is not the network's (the rule
 * {@link ModelFile#save} applies); a weight, bias, statistic, normalizer value or setting that is not
 * finite in float32 (|x| > {@value Float#MAX_VALUE} becomes infinity there); a normalizer's std or
 * range that float32 cannot divide by (below {@value Float#MIN_NORMAL}, e.g. a std of 1e-50, which is 0
 * there). A tiny weight that float32 rounds to 0 is kept: it changes a product by less than float32's
 * own rounding.
 */
public final class Onnx {
    private static final double INV_SQRT2 = 0.70710678118654752440;

    /** The operator set the graph uses. */
    public static final int OPSET = 13;
    /** The IR version that goes with opset 13. */
    static final int IR_VERSION = 7;

    private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

    private Onnx() {}

    /** Writes {@code network}, with {@code normalizer} (or null) in front, to {@code file}, atomically. */
    public static void export(Network network, Normalizer normalizer, Path file) throws IOException {
        export(network, normalizer, null, file);
    }

    /**
     * Writes {@code network}, with {@code normalizer} (or null) in front and, for a regression
     * {@code schema}, the target's unscaling {@code y = t · std + mean} behind, to {@code file},
     * atomically (as {@link ModelFile#save} writes: missing parent folders are created, the previous
     * file stays intact until the new one is complete). The graph's output is then what
     * {@code predict} reports, in the target's units. For a classification schema (or null) the output
     * is the network's (class probabilities, in {@link Schema#classes()} order). The input is the
     * schema's <em>encoded</em> features ({@link Schema#width()} columns, one-hot categories and
     * missing-value indicators included, in {@link Schema#featureNames()} order), not the CSV's columns.
     *
     * @throws IllegalArgumentException if a part cannot be exported (see the class Javadoc); nothing is
     *     written then
     * @throws IOException naming the file and the reason if it cannot be written
     */
    public static void export(Network network, Normalizer normalizer, Schema schema, Path file) throws IOException {
        Require.notNull(file, "file");
        ModelFile.write(file, model(network, normalizer, schema).toByteArray());
    }

    /** The ONNX model of {@code network} with {@code normalizer} (or null) in front. */
    public static ModelProto model(Network network, Normalizer normalizer) {
        return model(network, normalizer, null);
    }

    /**
     * The ONNX model of {@code network} with {@code normalizer} (or null) in front and, for a regression
     * {@code schema}, the target's unscaling behind (see {@link #export(Network, Normalizer, Schema, Path)}).
     */
    public static ModelProto model(Network network, Normalizer normalizer, Schema schema) {
        Require.notNull(network, "network");
        if (schema != null
                && schema.task() == Schema.Task.REGRESSION
                && network.outputNames().size() != 1) {
            throw new IllegalArgumentException("cannot export a regression schema's target unscaling with a network of "
                    + network.outputNames().size() + " outputs " + network.outputNames()
                    + ": the schema unscales one target; export without the schema (Onnx.export(network,"
                    + " normalizer, file)) and unscale that output as y = t * " + schema.targetStd() + " + "
                    + schema.targetMean());
        }
        ModelCodec.checkParts(network, normalizer, schema);
        OnnxGraph g = new OnnxGraph();
        new OnnxNodes(g, network).translate(normalizer, schema);
        g.graph.setName("nnj");
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(onnx.OnnxMl.OperatorSetIdProto.newBuilder()
                        .setDomain("")
                        .setVersion(OPSET))
                .setProducerName("nnj")
                .setGraph(g.graph)
                .build();
    }

    /**
     * Emits {@code layer}, layer {@code i} of the network, reading {@code x}, which is already in the
     * layout the layer takes ([batch, C, H, W] for an image layer, [batch, n] otherwise); returns the
     * name of its output, in the same layout ({@code x} itself for a layer that is the identity here).
     */
    static String layer(OnnxGraph g, Layer layer, int i, String x) {
        String prefix = "layer" + i;
        if (layer instanceof Dense d) {
            String w = g.initializer(prefix + ".weight", d.weight());
            String b = g.initializer(prefix + ".bias", d.bias().reshape(d.outputSize()));
            x = g.nodeBuilder("Gemm", x, w, b).attribute("transB", 1).output();
            x = activation(g, d.activation().spec(), x, layer);
        } else if (layer instanceof Conv2D c) {
            int k = c.kernel();
            String w = g.initializer(
                    prefix + ".weight",
                    c.weight(),
                    c.output().channels(),
                    c.input().channels(),
                    k,
                    k);
            String b = g.initializer(prefix + ".bias", c.bias(), c.output().channels());
            x = g.nodeBuilder("Conv", x, w, b)
                    .attribute("kernel_shape", k, k)
                    .attribute("strides", c.stride(), c.stride())
                    .attribute("pads", c.pads())
                    .output();
            x = activation(g, c.activation().spec(), x, layer);
        } else if (layer instanceof MaxPool2D || layer instanceof AvgPool2D) {
            int p = layer instanceof MaxPool2D m ? m.pool() : ((AvgPool2D) layer).pool();
            int s = layer instanceof MaxPool2D m ? m.stride() : ((AvgPool2D) layer).stride();
            x = g.nodeBuilder(layer instanceof MaxPool2D ? "MaxPool" : "AveragePool", x)
                    .attribute("kernel_shape", p, p)
                    .attribute("strides", s, s)
                    .output();
        } else if (layer instanceof BatchNormalization bn) {
            int n = bn.inputSize();
            x = g.nodeBuilder(
                            "BatchNormalization",
                            x,
                            g.initializer(prefix + ".gamma", bn.gamma(), n),
                            g.initializer(prefix + ".beta", bn.beta(), n),
                            g.initializer(prefix + ".running_mean", bn.runningMean(), n),
                            g.initializer(prefix + ".running_var", bn.runningVariance(), n))
                    .attribute("epsilon", float32(prefix + " (" + bn.name() + ") epsilon", 0, bn.epsilon()))
                    .output();
        } else if (layer instanceof ActivationLayer a) {
            x = activation(g, a.activation().spec(), x, layer);
        } else if (layer instanceof org.nnj.layers.Embedding e) {
            x = OnnxEmbedding.emit(g, e, x);
        } else if (layer instanceof org.nnj.layers.PaddingMask m) {
            x = OnnxPaddingMask.emit(g, m, x);
        } else if (layer instanceof org.nnj.layers.PositionalEmbedding p) {
            x = OnnxPositionalEmbedding.emit(g, p, x);
        } else if (layer instanceof org.nnj.layers.TimeDistributed t) {
            x = OnnxTimeDistributed.emit(g, t, x, (spec, in) -> activation(g, spec, in, layer));
        } else if (layer instanceof org.nnj.layers.GlobalTimePooling
                || layer instanceof org.nnj.layers.GlobalImagePooling) {
            x = OnnxGlobalPooling.emit(g, layer, x);
        } else if (layer instanceof org.nnj.layers.LayerNormalization ln) {
            x = OnnxLayerNormalization.emit(g, ln, x);
        } else if (layer instanceof org.nnj.layers.BatchNormalization2D bn) {
            x = OnnxBatchNormalization2D.emit(g, bn, x);
        } else if (layer instanceof org.nnj.layers.MultiHeadAttention mha) {
            x = OnnxMultiHeadAttention.emit(g, mha, x);
        } else if (OnnxRecurrent.exports(layer)) {
            x = OnnxRecurrent.emit(g, layer, x, prefix);
        } else if (!(layer instanceof Dropout || layer instanceof Flatten)) {
            throw new IllegalArgumentException("cannot export layer " + i + " " + layer.name() + " ("
                    + layer.getClass().getName() + ") to ONNX: Dense, Conv2D, MaxPool2D, AvgPool2D, Flatten,"
                    + " BatchNormalization, ActivationLayer and Dropout can be");
        }
        return x;
    }

    /**
     * A sequence layer reading its padding mask ({@code mask}: [batch, time], 1 at real steps) beside
     * its input x: the layer's own export with the mask applied as the layer applies it.
     */
    static String maskedLayer(OnnxGraph g, Layer layer, int i, String x, String mask) {
        if (layer instanceof org.nnj.layers.GlobalTimePooling p) {
            return OnnxGlobalPooling.masked(g, p, x, mask);
        } else if (layer instanceof org.nnj.layers.MultiHeadAttention mha) {
            return OnnxMultiHeadAttention.emit(g, mha, x, mask);
        } else if (OnnxRecurrent.exports(layer)) {
            return OnnxRecurrent.emit(g, layer, x, "layer" + i, mask);
        }
        throw new IllegalArgumentException("cannot export layer " + i + " " + layer.name() + " with a mask to ONNX:"
                + " GlobalTimePooling, MultiHeadAttention and the recurrent layers can be; export the layer without its"
                + " mask");
    }

    /**
     * The loss's link after an output, so that it gives what {@code predict} gives: Softmax after a
     * softmax cross-entropy, Sigmoid after a binary cross-entropy on logits, nothing otherwise.
     */
    static String link(OnnxGraph g, Loss loss, String x, int outputSize) {
        if (loss instanceof SoftmaxCrossEntropy) {
            return g.nodeBuilder("Softmax", x).attribute("axis", 1).output();
        } else if (loss instanceof org.nnj.losses.SparseSoftmaxCrossEntropy sparse) {
            return OnnxSparseSoftmax.emit(g, sparse, x, outputSize);
        } else if (loss instanceof BinaryCrossEntropy bce && bce.isFromLogits()) {
            return g.node("Sigmoid", x);
        }
        return x;
    }

    private static String activation(OnnxGraph g, Spec spec, String x, Layer layer) {
        return switch (spec.kind()) {
            case "identity" -> x;
            case "relu" -> g.node("Relu", x);
            case "sigmoid" -> g.node("Sigmoid", x);
            case "tanh" -> g.node("Tanh", x);
            case "softmax" -> g.nodeBuilder("Softmax", x).attribute("axis", 1).output();
            case "leakyrelu" -> g.nodeBuilder("LeakyRelu", x)
                    .attribute("alpha", float32(layer.name() + "'s LeakyReLU alpha", 0, spec.doubleValue("alpha")))
                    .output();
            case "elu" -> g.nodeBuilder("Elu", x)
                    .attribute("alpha", float32(layer.name() + "'s ELU alpha", 0, spec.doubleValue("alpha")))
                    .output();
            case "selu" -> g.node("Selu", x); // ONNX's default alpha and gamma are SELU's α and λ
            case "softplus", "softsign" -> g.node(spec.kind().equals("softplus") ? "Softplus" : "Softsign", x);
            case "hardsigmoid" -> g.nodeBuilder("HardSigmoid", x)
                    .attribute("alpha", 1f / 6)
                    .attribute("beta", 0.5f)
                    .output();
            case "gelu" -> g.node( // z Φ(z) = z (½ + ½ erf(z / √2)): opset 13 has no Gelu
                    "Mul",
                    x,
                    g.node(
                            "Add",
                            g.constant("half", new double[] {0.5}, "½"),
                            g.node(
                                    "Mul",
                                    g.constant("half", new double[] {0.5}, "½"),
                                    g.node(
                                            "Erf",
                                            g.node(
                                                    "Mul",
                                                    x,
                                                    g.constant("inv_sqrt2", new double[] {INV_SQRT2}, "1/√2"))))));
            case "gelu_tanh" -> g.node( // z σ(2u) = ½ z (1 + tanh u), u = √(2/π)(z + 0.044715 z³)
                    "Mul",
                    x,
                    g.node(
                            "Sigmoid",
                            g.node(
                                    "Mul",
                                    g.constant("two_c", new double[] {2 * GatedActivations.TANH_C}, "2√(2/π)"),
                                    g.node(
                                            "Add",
                                            x,
                                            g.node(
                                                    "Mul",
                                                    g.constant("k", new double[] {GatedActivations.TANH_K}, "0.044715"),
                                                    g.node("Mul", x, g.node("Mul", x, x)))))));
            case "silu" -> g.node("Mul", x, g.node("Sigmoid", x)); // z σ(z)
            case "step" -> g.nodeBuilder(
                            "Cast", g.node("GreaterOrEqual", x, g.constant("zero", new double[] {0}, "zero")))
                    .attribute("to", FLOAT)
                    .output();
            default -> throw new IllegalArgumentException(
                    "cannot export activation " + spec.kind() + " of " + layer.name() + " to ONNX");
        };
    }

    /** {@code x -> (x - shift) / scale} for the registered normalizers. */
    static double[][] shiftAndScale(Normalizer normalizer) {
        Spec s = normalizer.spec();
        return switch (s.kind()) {
            case "standardizer" -> new double[][] {s.doubles("mean"), s.doubles("std")};
            case "minmax" -> new double[][] {s.doubles("min"), s.doubles("range")};
            default -> throw new IllegalArgumentException("cannot export normalizer " + s.kind() + " ("
                    + normalizer.getClass().getName() + ") to ONNX");
        };
    }

    /**
     * {@code value} as the float32 ONNX computes in, refused if it is not finite there: NaN, infinite,
     * or beyond float32's range (|x| > {@value Float#MAX_VALUE}, which would become infinity).
     *
     * @throws IllegalArgumentException naming {@code what}, the element and the value
     */
    static float float32(String what, int index, double value) {
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("cannot export " + what + " (element " + index + ") = " + value
                    + " to ONNX: "
                    + (Double.isFinite(value)
                            ? "it overflows float32, which the ONNX graph computes in (largest " + Float.MAX_VALUE + ")"
                            : "it is not finite"));
        }
        return f;
    }

    /**
     * Refuses a divisor (a normalizer's std or range) that float32 cannot divide by: 0 there, or so
     * small (below float32's smallest normal number) that its reciprocal overflows, while the model in
     * float64 divides by a positive number.
     */
    static void divisor(String what, int index, double value) {
        float f = float32(what, index, value);
        if (Math.abs(f) < Float.MIN_NORMAL) {
            throw new IllegalArgumentException("cannot export " + what + " (element " + index + ") = " + value
                    + " to ONNX: in float32, which the ONNX graph computes in, it is " + f
                    + " and the input is divided by it (the smallest float32 divisor is " + Float.MIN_NORMAL + ")");
        }
    }

    static ValueInfoProto value(String name, int width) {
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
}
