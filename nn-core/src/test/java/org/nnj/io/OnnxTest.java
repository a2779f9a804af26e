package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Standardizer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Parameter;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** Exported models run in ONNX Runtime and compute what {@code SavedModel.predict} computes. */
class OnnxTest {
    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Activation> activations = List.of(
                Activation.identity(),
                Activation.relu(),
                Activation.leakyRelu(0.1),
                Activation.sigmoid(),
                Activation.tanh(),
                Activation.softmax(),
                Activation.step(),
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid(),
                Activation.gelu(),
                Activation.geluTanh(),
                Activation.silu());
        List<Loss> losses = List.of(
                Loss.mse(), Loss.softmaxCrossEntropy(), BinaryCrossEntropy.fromLogits(), Loss.binaryCrossEntropy());
        Stream.Builder<Arguments> b = Stream.builder();
        for (Activation a : activations) {
            for (Loss l : losses) {
                b.add(Arguments.of(a, l, "none"));
            }
        }
        b.add(Arguments.of(Activation.relu(), Loss.softmaxCrossEntropy(), "standardizer"));
        b.add(Arguments.of(Activation.tanh(), Loss.mse(), "minmax"));
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void onnxRuntimeComputesWhatPredictComputes(Activation activation, Loss loss, String normalizerKind)
            throws Exception {
        Loss output = loss;
        Activation last = loss instanceof BinaryCrossEntropy b && !b.isFromLogits()
                ? Activation.sigmoid() // probabilities for BCE on probabilities
                : Activation.identity();
        Network net = Network.builder()
                .seed(5)
                .add(new Dense(5, 7, activation))
                .add(new Dropout(7, 0.3))
                .add(new ActivationLayer(7, Activation.tanh()))
                .add(new Dense(7, 3, last))
                .loss(output)
                .build();
        for (Parameter p : net.parameters()) { // non-zero biases, so that they are checked too
            p.value()
                    .addi(TestData.gaussian(
                            DataType.FLOAT,
                            (int) p.value().size(0),
                            (int) p.value().size(1),
                            0.3,
                            9));
        }
        Normalizer normalizer =
                switch (normalizerKind) {
                    case "standardizer" -> Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 40, 5, 3, 2));
                    case "minmax" -> MinMaxScaler.fit(TestData.gaussian(DataType.DOUBLE, 40, 5, 3, 3));
                    default -> null;
                };
        Path file = dir.resolve("model.onnx");
        Onnx.export(net, normalizer, file);
        INDArray x = TestData.gaussian(DataType.FLOAT, 11, 5, 2, 4);
        INDArray expected = new SavedModel(net, normalizer).predict(x);
        float[][] actual = run(file, x.toFloatMatrix());
        assertEquals(11, actual.length);
        for (int r = 0; r < 11; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected.getDouble(r, c), actual[r][c], 1e-5, "row " + r + " column " + c);
            }
        }
    }

    /**
     * GELU (Erf, Mul, Add), its tanh form (Sigmoid of the cubic) and SiLU (Mul, Sigmoid), composed as
     * opset 13 has no Gelu: in a convolution, a dense layer and an activation layer, over inputs of
     * scale 4 (the tails included), against predict.
     */
    @Test
    void gatedActivationsAreComposedFromOpset13Operators() throws Exception {
        for (Activation a : List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu())) {
            org.nnj.layers.ImageShape in = new org.nnj.layers.ImageShape(1, 4, 4);
            Network net = Network.builder()
                    .seed(6)
                    .inputShape(1, 4, 4)
                    .add(new org.nnj.layers.Conv2D(in, 2, 3, 1, org.nnj.layers.Padding.SAME, a))
                    .add(new org.nnj.layers.Flatten(new org.nnj.layers.ImageShape(2, 4, 4)))
                    .add(new Dense(32, 6, a))
                    .add(new Dense(6, 6))
                    .add(new ActivationLayer(6, a))
                    .loss(Loss.mse())
                    .build();
            Path file = dir.resolve(a.spec().kind() + ".onnx");
            Onnx.export(net, null, file);
            INDArray x = TestData.gaussian(DataType.FLOAT, 9, 16, 4, 8);
            INDArray expected = new SavedModel(net, null).predict(x);
            float[][] actual = run(file, x.toFloatMatrix());
            for (int r = 0; r < 9; r++) {
                for (int c = 0; c < 6; c++) {
                    double e = expected.getDouble(r, c);
                    assertEquals(e, actual[r][c], 1e-5 * Math.max(1, Math.abs(e)), a + " row " + r + " column " + c);
                }
            }
        }
    }

    static float[][] run(Path model, float[][] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, x);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** Convolutions (both paddings, stride 2), both poolings, Flatten and batch normalization in ONNX Runtime. */
    @Test
    void convolutionalNetworksWithBatchNormalization() throws Exception {
        org.nnj.layers.ImageShape in = new org.nnj.layers.ImageShape(2, 9, 8);
        org.nnj.layers.Conv2D c1 = new org.nnj.layers.Conv2D(
                in, 4, 3, 1, org.nnj.layers.Padding.SAME, Activation.relu(), org.nnj.init.Initializer.heUniform());
        org.nnj.layers.MaxPool2D p1 = new org.nnj.layers.MaxPool2D(c1.output(), 2);
        org.nnj.layers.Conv2D c2 = new org.nnj.layers.Conv2D(
                p1.output(),
                3,
                2,
                2,
                org.nnj.layers.Padding.SAME,
                Activation.tanh(),
                org.nnj.init.Initializer.heUniform());
        org.nnj.layers.AvgPool2D p2 = new org.nnj.layers.AvgPool2D(c2.output(), 2, 1);
        int flat = p2.output().size();
        Network net = Network.builder()
                .seed(3)
                .inputShape(2, 9, 8)
                .add(c1)
                .add(p1)
                .add(c2)
                .add(p2)
                .add(new org.nnj.layers.Flatten(p2.output()))
                .add(new Dense(flat, 6))
                .add(new org.nnj.layers.BatchNormalization(6))
                .add(new org.nnj.layers.ActivationLayer(6, Activation.relu()))
                .add(new Dense(6, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray train = TestData.gaussian(DataType.FLOAT, 32, in.size(), 1, 5);
        for (int i = 0; i < 5; i++) { // move the running statistics away from 0 and 1
            net.trainStep(train, TestData.oneHot(DataType.FLOAT, 32, 3, 6), 0.05);
        }
        Path file = dir.resolve("cnn.onnx");
        Onnx.export(net, null, file);
        INDArray x = TestData.gaussian(DataType.FLOAT, 7, in.size(), 1, 7);
        INDArray expected = net.predict(x);
        float[][] actual = run(file, x.toFloatMatrix());
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected.getDouble(r, c), actual[r][c], 1e-5, "row " + r + " column " + c);
            }
        }
    }

    @Test
    void theBatchDimensionIsFree() throws Exception {
        Network net =
                Network.builder().seed(1).add(new Dense(4, 2)).loss(Loss.mse()).build();
        Path file = dir.resolve("m.onnx");
        Onnx.export(net, null, file);
        for (int batch : new int[] {1, 17}) {
            assertEquals(batch, run(file, new float[batch][4]).length);
        }
    }

    @Test
    void anUnsupportedPartIsNamedAndNothingIsWritten() {
        Activation swish = new Activation() {
            @Override
            public String name() {
                return "swish";
            }

            @Override
            public void forward(INDArray z, INDArray a) {
                a.assign(z);
            }

            @Override
            public void backward(INDArray a, INDArray grad) {}

            @Override
            public INDArray jacobian(INDArray z) {
                throw new UnsupportedOperationException();
            }
        };
        Network net =
                Network.builder().add(new Dense(2, 3, swish)).loss(Loss.mse()).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Onnx.export(net, null, dir.resolve("a.onnx")));
        assertTrue(e.getMessage().contains("swish") && e.getMessage().contains("Dense"), e.getMessage());
        Normalizer custom = new Normalizer() {
            @Override
            public INDArray transform(INDArray features) {
                return features;
            }

            @Override
            public INDArray inverse(INDArray transformed) {
                return transformed;
            }

            @Override
            public int columns() {
                return 2;
            }

            @Override
            public org.nnj.Spec spec() {
                return org.nnj.Spec.of("custom");
            }
        };
        Network plain = Network.builder().add(new Dense(2, 3)).loss(Loss.mse()).build();
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.export(plain, custom, dir.resolve("b.onnx")));
        assertTrue(e.getMessage().contains("custom"), e.getMessage());
        assertArrayEquals(new String[0], dir.toFile().list(), "nothing written");
    }

    /** A layer of the user's own, which the export cannot describe. */
    static final class Doubler extends org.nnj.layers.BaseLayer {
        private DataType type;

        @Override
        public String name() {
            return "Doubler(3)";
        }

        @Override
        public int inputSize() {
            return 3;
        }

        @Override
        public int outputSize() {
            return 3;
        }

        @Override
        public void build(DataType type, java.util.Random rng) {
            this.type = type;
        }

        @Override
        public boolean isBuilt() {
            return type != null;
        }

        @Override
        public DataType dataType() {
            return type;
        }

        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public void forward(INDArray x, INDArray out, boolean training) {
            out.assign(x.mul(2));
        }

        @Override
        public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
            if (gradIn != null) {
                gradIn.assign(gradOut.mul(2));
            }
        }

        @Override
        public INDArray jacobian(INDArray x) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.nnj.Spec spec() {
            return org.nnj.Spec.of("doubler");
        }
    }

    @Test
    void anUnsupportedLayerIsNamedAndNothingIsWritten() {
        Network net = Network.builder()
                .add(new Dense(2, 3))
                .add(new Doubler())
                .loss(Loss.mse())
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Onnx.export(net, null, dir.resolve("c.onnx")));
        assertTrue(e.getMessage().contains("Doubler(3)"), e.getMessage());
        assertArrayEquals(new String[0], dir.toFile().list(), "nothing written");
    }
}
