package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.nnj.init.Initializer;
import org.nnj.io.ModelFile;
import org.nnj.kernels.Allocations;
import org.nnj.kernels.Matrix;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.GradientCheck;

/** Conv2D, MaxPool2D, AvgPool2D and Flatten: forward against plain loops, gradients, Jacobians, files. */
class ConvolutionTest {
    static Stream<Arguments> geometries() {
        List<Arguments> out = new ArrayList<>();
        for (int kernel : new int[] {1, 2, 3}) {
            for (int stride : new int[] {1, 2}) {
                for (Padding padding : Padding.values()) {
                    out.add(Arguments.of(kernel, stride, padding));
                }
            }
        }
        return out.stream();
    }

    /** A direct, loop-by-loop convolution of one example (the definition in Conv2D's Javadoc). */
    static double[] reference(Conv2D c, double[] x, int k, int s, Padding padding) {
        ImageShape in = c.input();
        ImageShape out = c.output();
        int pt = padding == Padding.SAME ? Math.max((out.height() - 1) * s + k - in.height(), 0) / 2 : 0;
        int pl = padding == Padding.SAME ? Math.max((out.width() - 1) * s + k - in.width(), 0) / 2 : 0;
        Matrix w = Matrix.of(c.weight(), "w");
        Matrix b = Matrix.of(c.bias(), "b");
        double[] z = new double[out.size()];
        for (int f = 0; f < out.channels(); f++) {
            for (int y = 0; y < out.height(); y++) {
                for (int xx = 0; xx < out.width(); xx++) {
                    double acc = b.get(f);
                    for (int ch = 0; ch < in.channels(); ch++) {
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int iy = y * s + i - pt;
                                int ix = xx * s + j - pl;
                                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                    acc += w.get(f, (ch * k + i) * k + j)
                                            * x[(ch * in.height() + iy) * in.width() + ix];
                                }
                            }
                        }
                    }
                    z[(f * out.height() + y) * out.width() + xx] = acc;
                }
            }
        }
        return z;
    }

    @ParameterizedTest(name = "kernel {0} stride {1} {2}")
    @MethodSource("geometries")
    void forwardMatchesTheDefinitionAndGradientsMatchFiniteDifferences(int k, int s, Padding padding) {
        ImageShape in = new ImageShape(2, 5, 6);
        Conv2D conv = new Conv2D(in, 3, k, s, padding, Activation.tanh(), Initializer.normal(0.5));
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(k * 10 + s)
                .inputShape(2, 5, 6)
                .add(conv)
                .add(new Dense(conv.outputSize(), 2, Activation.identity(), Initializer.normal(0.5)))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 3, in.size(), 1, 7);
        INDArray y = TestData.gaussian(DataType.DOUBLE, 3, 2, 1, 8);

        INDArray a = conv.forward(x);
        for (int n = 0; n < 3; n++) {
            double[] z = reference(conv, x.getRow(n).toDoubleVector(), k, s, padding);
            for (int o = 0; o < z.length; o++) {
                assertEquals(Math.tanh(z[o]), a.getDouble(n, o), 1e-12, "example " + n + " output " + o);
            }
        }
        Map<String, Double> errors = GradientCheck.check(net, x, y);
        assertEquals(
                List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias", "input"),
                List.copyOf(errors.keySet()));
        assertTrue(GradientCheck.worst(errors) < 1e-6, errors.toString());
    }

    /**
     * The float32 path (wide rows at stride 1, run-wise im2col and col2im otherwise) against the float64
     * path (entry by entry), with a non-zero bias: outputs, dJ/dx, dJ/dW and dJ/db.
     */
    @ParameterizedTest(name = "kernel {0} stride {1} {2}")
    @MethodSource("geometries")
    void float32AgreesWithFloat64(int k, int s, Padding padding) {
        ImageShape in = new ImageShape(2, 7, 6);
        Conv2D single = new Conv2D(in, 3, k, s, padding, Activation.tanh(), Initializer.normal(0.5));
        Conv2D twice = new Conv2D(in, 3, k, s, padding, Activation.tanh(), Initializer.normal(0.5));
        single.build(DataType.FLOAT, new java.util.Random(k));
        twice.build(DataType.DOUBLE, new java.util.Random(k));
        twice.weight().assign(single.weight().castTo(DataType.DOUBLE));
        single.bias().assign(TestData.gaussian(DataType.FLOAT, 1, 3, 1, 11));
        twice.bias().assign(single.bias().castTo(DataType.DOUBLE));
        INDArray x = TestData.gaussian(DataType.DOUBLE, 40, in.size(), 1, 3); // two chunks: 32 + 8
        INDArray g = TestData.gaussian(DataType.DOUBLE, 40, single.outputSize(), 1, 4);
        assertFloat32MatchesFloat64(single, twice, x, g, 1e-5, 1e-4, "kernel " + k + " stride " + s);
        Parameter w32 = single.parameters().get(0);
        Parameter w64 = twice.parameters().get(0);
        assertArrayEquals(
                w64.gradient().data().asDouble(),
                w32.gradient().castTo(DataType.DOUBLE).data().asDouble(),
                1e-3);
        assertArrayEquals(
                twice.parameters().get(1).gradient().data().asDouble(),
                single.parameters()
                        .get(1)
                        .gradient()
                        .castTo(DataType.DOUBLE)
                        .data()
                        .asDouble(),
                1e-3);
    }

    /**
     * A batch of 40 20x20 images (two chunks of the convolution's products): float32 gives what float64
     * gives, and pooling a batch gives what pooling one example at a time gives.
     */
    @Test
    void largeBatchesGiveWhatSingleExamplesGive() {
        ImageShape in = new ImageShape(3, 20, 20);
        Conv2D single = new Conv2D(in, 4, 3, 1, Padding.SAME, Activation.tanh(), Initializer.normal(0.3));
        Conv2D twice = new Conv2D(in, 4, 3, 1, Padding.SAME, Activation.tanh(), Initializer.normal(0.3));
        single.build(DataType.FLOAT, new java.util.Random(1));
        twice.build(DataType.DOUBLE, new java.util.Random(1));
        twice.weight().assign(single.weight().castTo(DataType.DOUBLE));
        INDArray x = TestData.gaussian(DataType.DOUBLE, 40, in.size(), 1, 5);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 40, single.outputSize(), 1, 6);
        assertFloat32MatchesFloat64(single, twice, x, g, 1e-5, 1e-4, "conv 20x20");

        // float32 max pooling (its own float path) against float64 (the general path)
        MaxPool2D f32 = new MaxPool2D(c(4, 20, 20), 2);
        MaxPool2D f64 = new MaxPool2D(c(4, 20, 20), 2);
        f32.build(DataType.FLOAT, new java.util.Random(1));
        f64.build(DataType.DOUBLE, new java.util.Random(1));
        INDArray mx = TestData.gaussian(DataType.FLOAT, 50, f32.inputSize(), 1, 9);
        INDArray mg = TestData.gaussian(DataType.FLOAT, 50, f32.outputSize(), 1, 10);
        assertFloat32MatchesFloat64(f32, f64, mx.castTo(DataType.DOUBLE), mg.castTo(DataType.DOUBLE), 0, 0, "20x20");

        for (Pool2D pool : List.of(new MaxPool2D(c(4, 20, 20), 2), new AvgPool2D(c(4, 20, 20), 3, 2))) {
            pool.build(DataType.FLOAT, new java.util.Random(1));
            INDArray px = TestData.gaussian(DataType.FLOAT, 50, pool.inputSize(), 1, 7);
            INDArray pg = TestData.gaussian(DataType.FLOAT, 50, pool.outputSize(), 1, 8);
            INDArray out = pool.forward(px);
            INDArray dx = pool.backward(pg);
            for (int n = 0; n < 50; n += 7) {
                INDArray row = px.getRow(n).reshape(1, pool.inputSize());
                assertArrayEquals(
                        out.getRow(n).toFloatVector(), pool.forward(row).toFloatVector(), 0);
                assertArrayEquals(
                        dx.getRow(n).toFloatVector(),
                        pool.backward(pg.getRow(n).reshape(1, pool.outputSize()))
                                .toFloatVector(),
                        0);
            }
        }
    }

    /**
     * Float32 2x2 max pooling (the tiling path for even sizes, the general float path for odd ones)
     * routes to the same first maximum as the float64 path, also when values tie (small integers,
     * as many zeros as after a ReLU).
     */
    @Test
    void float32MaxPoolingRoutesTiesLikeFloat64() {
        for (ImageShape shape : List.of(c(3, 8, 10), c(3, 7, 9))) {
            MaxPool2D f32 = new MaxPool2D(shape, 2);
            MaxPool2D f64 = new MaxPool2D(shape, 2);
            f32.build(DataType.FLOAT, new java.util.Random(1));
            f64.build(DataType.DOUBLE, new java.util.Random(1));
            INDArray x = org.nd4j.linalg.ops.transforms.Transforms.relu(org.nd4j.linalg.ops.transforms.Transforms.round(
                    TestData.gaussian(DataType.DOUBLE, 40, shape.size(), 1, 12)));
            INDArray g = TestData.gaussian(DataType.DOUBLE, 40, f32.outputSize(), 1, 13);
            assertFloat32MatchesFloat64(f32, f64, x, g, 0, 1e-6, shape.toString());
        }
    }

    /**
     * A float32 layer's forward pass on inputs x (float64 values) equals the float64 one's within {@code
     * forwardDelta}, and its backward pass from g within {@code backwardDelta}.
     */
    private static void assertFloat32MatchesFloat64(
            BaseLayer f32,
            BaseLayer f64,
            INDArray x,
            INDArray g,
            double forwardDelta,
            double backwardDelta,
            String what) {
        assertArrayEquals(
                f64.forward(x).data().asDouble(), doubles(f32.forward(x.castTo(DataType.FLOAT))), forwardDelta, what);
        assertArrayEquals(
                f64.backward(g).data().asDouble(),
                doubles(f32.backward(g.castTo(DataType.FLOAT))),
                backwardDelta,
                what);
    }

    /** A float32 result's values as doubles (exactly). */
    private static double[] doubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).data().asDouble();
    }

    static ImageShape c(int channels, int height, int width) {
        return new ImageShape(channels, height, width);
    }

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of("max", 2, 2),
                Arguments.of("max", 3, 1),
                Arguments.of("max", 2, 3),
                Arguments.of("avg", 2, 2),
                Arguments.of("avg", 3, 1),
                Arguments.of("avg", 2, 3));
    }

    static Pool2D pool(String kind, ImageShape in, int pool, int stride) {
        return kind.equals("max") ? new MaxPool2D(in, pool, stride) : new AvgPool2D(in, pool, stride);
    }

    @ParameterizedTest(name = "{0} pool {1} stride {2}")
    @MethodSource("pools")
    void poolingForwardAndGradients(String kind, int size, int stride) {
        ImageShape in = new ImageShape(2, 6, 7);
        Pool2D p = pool(kind, in, size, stride);
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(p)
                .add(new Dense(p.outputSize(), 2, Activation.identity(), Initializer.normal(0.5)))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 2, in.size(), 1, 11);
        INDArray y = TestData.gaussian(DataType.DOUBLE, 2, 2, 1, 12);
        INDArray out = p.forward(x);
        ImageShape o = p.output();
        assertEquals((6 - size) / stride + 1, o.height());
        assertEquals((7 - size) / stride + 1, o.width());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int oy = 0; oy < o.height(); oy++) {
                    for (int ox = 0; ox < o.width(); ox++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int i = 0; i < size; i++) {
                            for (int j = 0; j < size; j++) {
                                double v = x.getDouble(n, (c * 6 + oy * stride + i) * 7 + ox * stride + j);
                                max = Math.max(max, v);
                                sum += v;
                            }
                        }
                        double expected = kind.equals("max") ? max : sum / (size * size);
                        assertEquals(expected, out.getDouble(n, (c * o.height() + oy) * o.width() + ox), 1e-12);
                    }
                }
            }
        }
        Map<String, Double> errors = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(errors) < 1e-6, errors.toString());
    }

    static Network lenet(DataType type, long seed) {
        ImageShape in = new ImageShape(1, 8, 8);
        Conv2D c1 = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        MaxPool2D p1 = new MaxPool2D(c1.output(), 2);
        Conv2D c2 = new Conv2D(p1.output(), 4, 3, 1, Padding.VALID, Activation.tanh());
        AvgPool2D p2 = new AvgPool2D(c2.output(), 2);
        return Network.builder()
                .dataType(type)
                .seed(seed)
                .inputShape(1, 8, 8)
                .add(c1)
                .add(p1)
                .add(c2)
                .add(p2)
                .add(new Flatten(p2.output()))
                .add(new Dense(4, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /**
     * A training step's gradients in float32 (the wide-row path, with the column matrices and the row
     * of ones kept from the forward pass) against float64 (the general path), same weights, 70 examples
     * (two full chunks and a short one), a bias that is not zero.
     */
    @Test
    void float32TrainingGradientsMatchFloat64() {
        Network single = lenet(DataType.FLOAT, 5);
        Network twice = lenet(DataType.DOUBLE, 5);
        for (int i = 0; i < single.parameters().size(); i++) {
            INDArray p = single.parameters().get(i).value();
            p.addi(0.1); // every bias away from zero
            twice.parameters().get(i).value().assign(p.castTo(DataType.DOUBLE));
        }
        INDArray x = TestData.gaussian(DataType.DOUBLE, 70, 64, 1, 23);
        INDArray y = TestData.oneHot(DataType.DOUBLE, 70, 3, 24);
        double loss32 = single.lossAndGradients(x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT));
        double loss64 = twice.lossAndGradients(x, y);
        assertEquals(loss64, loss32, 1e-5);
        for (int i = 0; i < single.parameters().size(); i++) {
            INDArray g64 = twice.parameters().get(i).gradient();
            INDArray g32 = single.parameters().get(i).gradient().castTo(DataType.DOUBLE);
            double scale = Math.max(1e-3, g64.amaxNumber().doubleValue());
            assertTrue(g64.sub(g32).amaxNumber().doubleValue() < 1e-4 * scale, "parameter " + i);
        }
    }

    @Test
    void aSmallLeNetPassesTheGradientCheck() {
        Network net = lenet(DataType.DOUBLE, 5);
        // 70 examples: the kernel takes them 32 at a time, so this covers two full chunks and a short one
        INDArray x = TestData.gaussian(DataType.DOUBLE, 70, 64, 1, 21);
        INDArray y = TestData.oneHot(DataType.DOUBLE, 70, 3, 22);
        INDArray all = net.predict(x);
        for (int n = 0; n < 70; n += 23) {
            assertArrayEquals(
                    all.getRow(n).toDoubleVector(),
                    net.predict(x.getRow(n).reshape(1, 64)).getRow(0).toDoubleVector(),
                    1e-14);
        }
        Map<String, Double> errors = GradientCheck.check(net, x, y);
        assertEquals(7, errors.size()); // 2 conv + 1 dense layer, weight and bias each, and the input
        assertTrue(GradientCheck.worst(errors) < 1e-6, errors.toString());
    }

    /** backward(g) must be Jᵀ g with J the layer's explicit Jacobian. */
    @Test
    void backwardIsTheTransposedJacobianTimesTheGradient() {
        ImageShape in = new ImageShape(2, 5, 5);
        List<BaseLayer> layers = List.of(
                new Conv2D(in, 3, 3, 2, Padding.SAME, Activation.sigmoid(), Initializer.normal(0.5)),
                new Conv2D(in, 2, 2, 1, Padding.VALID, Activation.leakyRelu(0.1), Initializer.normal(0.5)),
                new MaxPool2D(in, 2, 1),
                new AvgPool2D(in, 3, 2),
                new Flatten(in));
        java.util.Random rng = new java.util.Random(4);
        for (BaseLayer layer : layers) {
            layer.build(DataType.DOUBLE, rng);
            INDArray x = TestData.gaussian(DataType.DOUBLE, 1, in.size(), 1, 31);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 1, layer.outputSize(), 1, 32);
            layer.forward(x);
            INDArray dx = layer.backward(g);
            INDArray expected = g.mmul(layer.jacobian(x));
            assertArrayEquals(expected.toDoubleVector(), dx.toDoubleVector(), 1e-12, layer.name());
        }
    }

    @Test
    void theBuilderNamesBothShapesWhenLayersDisagree() {
        ImageShape in = new ImageShape(1, 28, 28);
        Conv2D conv = new Conv2D(in, 8, 5); // 8x24x24
        MaxPool2D wrong = new MaxPool2D(new ImageShape(8, 28, 28), 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder().add(conv).add(wrong).loss(Loss.mse()).build());
        assertTrue(e.getMessage().contains("8x24x24") && e.getMessage().contains("8x28x28"), e.getMessage());
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .inputShape(3, 28, 28)
                .add(new Conv2D(in, 8, 5))
                .loss(Loss.mse())
                .build());
        assertTrue(input.getMessage().contains("3x28x28") && input.getMessage().contains("1x28x28"));
        // Same number of values, other shape: still refused.
        assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Conv2D(in, 8, 5))
                .add(new MaxPool2D(new ImageShape(24, 8, 24), 2))
                .loss(Loss.mse())
                .build());
    }

    @Test
    void badSettingsAreRefusedByName() {
        ImageShape in = new ImageShape(1, 4, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2D(in, 2, 5))
                .getMessage()
                .contains("does not fit"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(in, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(in, 2, 3, 0, Padding.SAME, Activation.relu()));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new Conv2D(in, 2, 3, 1, Padding.SAME, Activation.softmax()))
                .getMessage()
                .contains("elementwise"));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2D(in, 5));
        assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 4, 4));
        // Conv2D(in, 2, 5) on 4x4 fits with SAME padding
        assertEquals(new ImageShape(2, 4, 4), new Conv2D(in, 2, 5, 1, Padding.SAME, Activation.relu()).output());
        assertEquals(new ImageShape(2, 2, 2), new Conv2D(in, 2, 3, 2, Padding.SAME, Activation.relu()).output());
    }

    @Test
    void savedConvolutionalNetworksPredictTheSame(@TempDir Path dir) throws Exception {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Network net = lenet(type, 9);
            INDArray x = TestData.gaussian(type, 5, 64, 1, 41);
            Path file = dir.resolve("lenet-" + type + ".nnj");
            ModelFile.save(file, net);
            Network loaded = ModelFile.load(file).network();
            assertEquals(net.summary(), loaded.summary());
            assertArrayEquals(
                    net.predict(x).data().asDouble(), loaded.predict(x).data().asDouble(), 0);
            assertTrue(Files.size(file) > 0);
        }
    }

    @Test
    void predictIsThreadSafe() throws Exception {
        Network net = lenet(DataType.FLOAT, 2);
        List<INDArray> inputs = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            INDArray x = TestData.gaussian(DataType.FLOAT, 1 + i % 3, 64, 1, 50 + i);
            inputs.add(x);
            expected.add(net.predict(x).data().asDouble());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < inputs.size(); i++) {
                            if (!java.util.Arrays.equals(
                                    expected.get(i),
                                    net.predict(inputs.get(i)).data().asDouble())) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void convolutionalStepsAllocateNothingAfterWarmUp() {
        Network net = lenet(DataType.FLOAT, 1);
        INDArray x = TestData.gaussian(DataType.FLOAT, 16, 64, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 16, 3, 2);
        Adam adam = new Adam(1e-3);
        net.trainStep(x, y, adam);
        long before = Allocations.count();
        for (int i = 0; i < 20; i++) {
            net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count());
    }

    @Test
    void aConvolutionalNetworkLearns() {
        // Two classes of 8x8 images: a vertical or a horizontal bar at a random place, with noise.
        java.util.Random r = new java.util.Random(3);
        int n = 200;
        double[][] xs = new double[n][64];
        double[][] ys = new double[n][3];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            int at = r.nextInt(8);
            for (int j = 0; j < 64; j++) {
                xs[i][j] = 0.1 * r.nextGaussian();
            }
            for (int t = 0; t < 8; t++) {
                xs[i][cls == 0 ? t * 8 + at : at * 8 + t] += 1;
            }
            ys[i][cls] = 1;
        }
        INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(xs).castTo(DataType.FLOAT);
        INDArray y = org.nd4j.linalg.factory.Nd4j.createFromArray(ys).castTo(DataType.FLOAT);
        Network net = lenet(DataType.FLOAT, 4);
        Adam adam = new Adam(0.01);
        double first = net.loss(x, y);
        for (int epoch = 0; epoch < 60; epoch++) {
            net.trainStep(x, y, adam);
        }
        double last = net.loss(x, y);
        assertTrue(last < 0.2 * first, first + " -> " + last);
        org.nnj.metrics.Evaluation eval = org.nnj.metrics.Evaluation.of(net.predict(x), y, List.of());
        assertTrue(eval.accuracy() > 0.95, "accuracy " + eval.accuracy());
    }
}
