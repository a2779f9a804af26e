package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.layers.Parameter;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/**
 * Graph networks exported to ONNX run in ONNX Runtime and compute what {@code predict} computes, to
 * 1e-5: residual blocks, fan-out, merges, several inputs and outputs, shared layers, a normalizer.
 */
class OnnxGraphTest {
    private static final int ROWS = 9;

    @TempDir
    Path dir;

    @Test
    void aResidualDenseBlock() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("features", 6);
        Node h = g.apply(new Dense(6, 6, Activation.relu()), x);
        Node r = g.add(x, g.apply(new Dense(6, 6), h)); // x + f(x)
        Node r3 = g.add(r, x, g.apply(new Dense(6, 6, Activation.tanh()), r)); // three terms: Sum
        g.output("probabilities", g.apply(new Dense(6, 3), r3), Loss.softmaxCrossEntropy());
        ModelProto m = check(g.seed(1).build(), null);
        assertEquals(1, count(m, "Sum"));
        assertEquals(1, count(m, "Add"));
    }

    @Test
    void aValueReadTwiceFansOutIntoTwoBranchesJoinedByConcatenate() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 5);
        Node a = g.apply(new Dense(5, 4, Activation.relu()), x);
        Node b1 = g.apply(new Dense(4, 3, Activation.tanh()), a);
        Node b2 = g.apply(new Dense(4, 2, Activation.sigmoid()), a);
        g.output("y", g.apply(new Dense(5, 2), g.concatenate(b1, b2)), Loss.mse());
        check(g.seed(2).build(), null);
    }

    @Test
    void multiply() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        Node gate = g.apply(new Dense(4, 4, Activation.sigmoid()), x);
        Node v = g.apply(new Dense(4, 4), x);
        g.output("p", g.apply(new Dense(4, 1), g.multiply(gate, v)), BinaryCrossEntropy.fromLogits());
        ModelProto m = check(g.seed(3).build(), null);
        assertEquals(1, count(m, "Mul"));
        assertEquals(2, count(m, "Sigmoid"), "the gate's and the output's link");
    }

    /** An image branch (Conv2D + ReLU + MaxPool, fused in the engine, not in ONNX) and a flat one. */
    @Test
    void twoInputsAnImageBranchAndAFlatBranchConcatenated() throws Exception {
        check(imageAndTable(4), null);
    }

    private static Network imageAndTable(long seed) {
        GraphBuilder g = Network.graph();
        ImageShape in = new ImageShape(2, 8, 8);
        Node image = g.input("image", 2, 8, 8);
        Node table = g.input("table", 5);
        Conv2D conv = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        MaxPool2D pool = new MaxPool2D(conv.output(), 2);
        Node pooled = g.apply(pool, g.apply(conv, image));
        Node t = g.apply(new Dense(5, 4, Activation.relu()), table);
        Node joined = g.concatenate(pooled, t);
        g.output("label", g.apply(new Dense(pool.output().size() + 4, 3), joined), Loss.softmaxCrossEntropy());
        return g.seed(seed).build();
    }

    /** Images of one height and width along channels, an image input plus a convolution of it, a fan-out. */
    @Test
    void imagesConcatenatedAlongChannelsAndAResidualConvolution() throws Exception {
        GraphBuilder g = Network.graph();
        ImageShape in = new ImageShape(2, 6, 5);
        Node image = g.input("image", 2, 6, 5);
        Conv2D same = new Conv2D(in, 2, 3, 1, Padding.SAME, Activation.tanh(), Initializer.heUniform());
        Node residual = g.add(image, g.apply(same, image)); // the flat input reshaped, the convolution's image
        Conv2D other = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        Node channels = g.concatenate(residual, g.apply(other, image)); // 5 x 6 x 5
        Conv2D last =
                new Conv2D(new ImageShape(5, 6, 5), 2, 2, 2, Padding.VALID, Activation.relu(), Initializer.heUniform());
        Node c = g.apply(last, channels);
        Node flat = g.apply(new Flatten(last.output()), c);
        g.output("y", g.apply(new Dense(last.output().size(), 2), flat), Loss.mse());
        ModelProto m = check(g.seed(5).build(), null);
        assertEquals(1, count(m, "Reshape"), "the image input is reshaped once for its three readers");
        assertEquals(1, count(m, "Concat"));
    }

    /** A flattened image read by a Dense and, as an image of another shape, by a convolution: flattened once. */
    @Test
    void eachValueHasItsOwnLayout() throws Exception {
        GraphBuilder g = Network.graph();
        Node image = g.input("image", 3, 4, 4);
        Conv2D conv =
                new Conv2D(new ImageShape(3, 4, 4), 3, 3, 1, Padding.SAME, Activation.tanh(), Initializer.heUniform());
        Node flat = g.apply(new Flatten(conv.output()), g.apply(conv, image)); // still [batch, 3, 4, 4] in ONNX
        Node dense = g.apply(new Dense(48, 2, Activation.relu()), flat);
        Conv2D other = new Conv2D(
                new ImageShape(12, 2, 2), 2, 1, 1, Padding.VALID, Activation.relu(), Initializer.heUniform());
        Node reread = g.apply(new Flatten(other.output()), g.apply(other, flat)); // 48 values as 12 x 2 x 2
        g.output("y", g.apply(new Dense(10, 2), g.concatenate(dense, reread)), Loss.mse());
        ModelProto m = check(g.seed(14).build(), null);
        assertEquals(2, count(m, "Flatten"), "the first convolution's output once, the second's once");
        assertEquals(2, count(m, "Reshape"), "the input to 3x4x4, the flattened image to 12x2x2");
    }

    @Test
    void sequencesConcatenatedPerStep() throws Exception {
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 4, 3);
        Node b = g.input("b", 4, 2);
        Node ab = g.concatenate(a, b); // 4 x 5, time-major rows
        g.output("y", g.apply(new Dense(20, 2), ab), Loss.mse());
        Network net = g.seed(6).build();
        check(net, null);
        // the per-step layout itself: step t of the join is a's step t, then b's
        INDArray xa = TestData.gaussian(DataType.FLOAT, 1, 12, 1, 1);
        INDArray xb = TestData.gaussian(DataType.FLOAT, 1, 8, 1, 2);
        Path file = dir.resolve("seq.onnx");
        ModelProto m = Onnx.model(net, null);
        ModelProto join = m.toBuilder()
                .setGraph(m.getGraph().toBuilder().clearOutput().addOutput(Onnx.value(joinedValue(m), 20)))
                .build();
        ModelFile.write(file, join.toByteArray());
        float[][] joined = run(file, Map.of("a", xa.toFloatMatrix(), "b", xb.toFloatMatrix()))
                .get(joinedValue(m));
        for (int t = 0; t < 4; t++) {
            for (int f = 0; f < 5; f++) {
                double want = f < 3 ? xa.getDouble(0, t * 3 + f) : xb.getDouble(0, t * 2 + f - 3);
                assertEquals(want, joined[0][t * 5 + f], 0, "step " + t + " feature " + f);
            }
        }
    }

    /** The output of the last Reshape: the concatenated sequences, flat. */
    private static String joinedValue(ModelProto m) {
        String name = null;
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("Reshape")) {
                name = n.getOutput(0);
            }
        }
        return name;
    }

    @Test
    void twoOutputsASoftmaxHeadAndARegressionHead() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 6);
        Node trunk = g.apply(new Dense(6, 8, Activation.relu()), x);
        g.output("class", g.apply(new Dense(8, 3), trunk), Loss.softmaxCrossEntropy());
        g.output("value", g.apply(new Dense(8, 2), trunk), Loss.mse(), 0.5);
        ModelProto m = check(g.seed(7).build(), null);
        assertEquals(List.of("class", "value"), names(m.getGraph().getOutputList()));
        assertEquals(1, count(m, "Softmax"), "the softmax head's link only");
    }

    /** One Dense applied at two nodes (a siamese pair) and another applied twice in a row. */
    @Test
    void aSharedLayer() throws Exception {
        GraphBuilder g = Network.graph();
        Node left = g.input("left", 4);
        Node right = g.input("right", 4);
        Dense twin = new Dense(4, 4, Activation.tanh());
        Node both = g.concatenate(g.apply(twin, left), g.apply(twin, right));
        Dense again = new Dense(8, 8, Activation.relu());
        Node twice = g.apply(again, g.apply(again, both));
        g.output("similar", g.apply(new Dense(8, 1), twice), BinaryCrossEntropy.fromLogits());
        Network net = g.seed(8).build();
        assertEquals(4, net.layers().size(), "twin, the concatenation, again, the head");
        ModelProto m = check(net, null);
        assertEquals(6, m.getGraph().getInitializerCount(), "each shared layer's weight and bias once");
    }

    @Test
    void aGraphWithANormalizerAppliesItsSliceToEachInput() throws Exception {
        Network net = imageAndTable(9);
        INDArray fit = TestData.gaussian(DataType.DOUBLE, 40, net.inputSize(), 3, 10);
        double[] scale = new double[net.inputSize()];
        double[] shift = new double[net.inputSize()];
        for (int c = 0; c < scale.length; c++) { // each column its own mean and std
            scale[c] = 1 + c % 7;
            shift[c] = c % 5 - 2;
        }
        fit = fit.mulRowVector(Nd4j.createFromArray(scale)).addRowVector(Nd4j.createFromArray(shift));
        check(net, Standardizer.fit(fit));
    }

    /** A graph that is a chain keeps its own names; a sequential network's x and y are input and output. */
    @Test
    void inputAndOutputNames() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("pixels", 3);
        g.output("scores", g.apply(new Dense(3, 2), x), Loss.mse());
        ModelProto m = check(g.seed(11).build(), null);
        assertEquals(List.of("pixels"), names(m.getGraph().getInputList()));
        assertEquals(List.of("scores"), names(m.getGraph().getOutputList()));
        Network chain = Network.builder().add(new Dense(3, 2)).loss(Loss.mse()).build();
        ModelProto c = Onnx.model(chain, null);
        assertEquals(List.of("input"), names(c.getGraph().getInputList()));
        assertEquals(List.of("output"), names(c.getGraph().getOutputList()));
        // an input named as a generated value does not collide with it
        GraphBuilder h = Network.graph();
        Node in = h.input("gemm_0", 3);
        h.output("relu_2", h.apply(new Dense(3, 2, Activation.relu()), in), Loss.mse());
        check(h.seed(12).build(), null);
        GraphBuilder w = Network.graph();
        Node a = w.input("layer0.weight", 3);
        Node b = w.input("b", 3);
        w.output("layer1.bias", w.apply(new Dense(3, 2), w.add(a, b)), Loss.mse());
        check(w.seed(13).build(), null);
    }

    @Test
    void refusals() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 3);
        g.output("a", g.apply(new Dense(3, 1), x), Loss.mse());
        g.output("b", g.apply(new Dense(3, 1), x), Loss.mse());
        Network two = g.build();
        List<Schema.Column> cols = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cols.add(new Schema.Column("x" + i, List.of(), Double.NaN, false));
        }
        Schema schema = new Schema(cols, "y", Schema.Task.REGRESSION, List.of(), 1, 2, Schema.Missing.ERROR);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Onnx.export(two, null, schema, dir.resolve("s.onnx")));
        assertTrue(
                e.getMessage().contains("2 outputs [a, b]") && e.getMessage().contains("without the schema"),
                e.getMessage());
        GraphBuilder h = Network.graph();
        Node in = h.input("v", 3);
        h.output("v", h.apply(new Dense(3, 1), in), Loss.mse());
        Network same = h.build();
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(same, null, dir.resolve("v.onnx")));
        assertTrue(e.getMessage().contains("\"v\"") && e.getMessage().contains("rename"), e.getMessage());
        assertEquals(0, dir.toFile().list().length, "nothing written");
    }

    /**
     * Exports {@code net} (parameters moved off their initial values first) with {@code normalizer}, runs
     * it in ONNX Runtime on random inputs, one tensor per input, and checks every output against
     * {@code predict} (of the normalized inputs) by name and side by side; returns the model.
     */
    private ModelProto check(Network net, Normalizer normalizer) throws Exception {
        for (Parameter p : net.parameters()) { // non-zero biases, so that they are checked too
            p.value()
                    .addi(TestData.gaussian(
                            DataType.FLOAT,
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.3,
                            9));
        }
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        Map<String, float[][]> feed = new LinkedHashMap<>();
        List<INDArray> packed = new ArrayList<>();
        for (int k = 0; k < net.inputNames().size(); k++) {
            int size = 1;
            for (int d : net.topology().inputShape(k)) {
                size *= d;
            }
            INDArray x = TestData.gaussian(DataType.FLOAT, ROWS, size, 2, 20 + k);
            inputs.put(net.inputNames().get(k), x);
            feed.put(net.inputNames().get(k), x.toFloatMatrix());
            packed.add(x);
        }
        INDArray x = Nd4j.hstack(packed.toArray(new INDArray[0]));
        Map<String, INDArray> expected;
        INDArray together;
        if (normalizer == null) {
            expected = net.predictByName(inputs);
            together = net.predict(x);
        } else {
            together = new SavedModel(net, normalizer).predict(x);
            expected = new LinkedHashMap<>();
            int col = 0;
            for (int j = 0; j < net.outputNames().size(); j++) {
                int w = net.topology().layer(net.topology().outputNode(j)).outputSize();
                expected.put(
                        net.outputNames().get(j),
                        together.get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(col, col + w)));
                col += w;
            }
        }
        Path file = dir.resolve("graph.onnx");
        Onnx.export(net, normalizer, file);
        ModelProto m = Onnx.model(net, normalizer);
        assertEquals(net.inputNames(), names(m.getGraph().getInputList()));
        Map<String, float[][]> actual = run(file, feed);
        int col = 0;
        for (int j = 0; j < net.outputNames().size(); j++) {
            String name = net.outputNames().get(j);
            float[][] a = actual.get(name);
            INDArray e = expected.get(name);
            assertEquals(ROWS, a.length, name);
            assertEquals(net.topology().layer(net.topology().outputNode(j)).outputSize(), a[0].length, name);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < a[0].length; c++) {
                    assertEquals(e.getDouble(r, c), a[r][c], 1e-5, name + " row " + r + " column " + c);
                    assertEquals(together.getDouble(r, col + c), a[r][c], 1e-5, "side by side, " + name);
                }
            }
            col += a[0].length;
        }
        java.nio.file.Files.delete(file);
        return m;
    }

    /** Runs a model in ONNX Runtime on named inputs; every output by name. */
    static Map<String, float[][]> run(Path model, Map<String, float[][]> inputs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            for (Map.Entry<String, float[][]> e : inputs.entrySet()) {
                tensors.put(e.getKey(), OnnxTensor.createTensor(env, e.getValue()));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                Map<String, float[][]> out = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                    out.put(e.getKey(), (float[][]) e.getValue().getValue());
                }
                return out;
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals(op))
                .count();
    }

    private static List<String> names(List<ValueInfoProto> values) {
        return values.stream().map(ValueInfoProto::getName).toList();
    }
}
