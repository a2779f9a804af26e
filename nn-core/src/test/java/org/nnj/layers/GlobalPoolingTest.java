package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.SequenceExports;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** Global average and max pooling over time (with a padding mask) and over image positions. */
class GlobalPoolingTest {
    @TempDir
    Path dir;

    private static <T extends Layer> T built(T layer, DataType type) {
        layer.build(type, new Random(1));
        return layer;
    }

    @Test
    void poolsEachFeatureOverTimeHonouringTheMask() {
        // time 3, features 2: steps (1, 4), (3, -2), (8, 0)
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 4, 3, -2, 8, 0}});
        INDArray mask = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 1, 0}});
        GlobalTimePooling avg = built(GlobalTimePooling.average(3, 2), DataType.DOUBLE);
        GlobalTimePooling max = built(GlobalTimePooling.max(3, 2), DataType.DOUBLE);
        SequenceData.assertClose(new double[][] {{4, 2.0 / 3}}, avg.forward(x), 1e-15, "mean");
        SequenceData.assertClose(new double[][] {{8, 4}}, max.forward(x), 0, "max");
        INDArray out = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        avg.forward(new INDArray[] {x, mask}, out, false);
        SequenceData.assertClose(new double[][] {{2, 1}}, out, 0, "masked mean");
        max.forward(new INDArray[] {x, mask}, out, false);
        SequenceData.assertClose(new double[][] {{3, 4}}, out, 0, "masked max");
        INDArray g = SequenceData.of(DataType.DOUBLE, new double[][] {{6, 10}});
        INDArray[] grads = {Nd4j.ones(DataType.DOUBLE, 1, 6), Nd4j.ones(DataType.DOUBLE, 1, 3)};
        avg.backward(new INDArray[] {x, mask}, out, g.dup(), grads);
        SequenceData.assertClose(new double[][] {{3, 5, 3, 5, 0, 0}}, grads[0], 0, "masked mean dJ/dx");
        SequenceData.assertClose(new double[][] {{0, 0, 0}}, grads[1], 0, "no gradient for the mask");
        max.backward(new INDArray[] {x, mask}, out, g.dup(), grads);
        SequenceData.assertClose(new double[][] {{0, 10, 6, 0, 0, 0}}, grads[0], 0, "masked max dJ/dx");
        SequenceData.assertClose(
                new double[][] {{0, 0, 0, 0, 1, 0}, {0, 1, 0, 0, 0, 0}}, max.jacobian(x), 0, "max Jacobian");
        SequenceData.assertClose(
                new double[][] {{1.0 / 3, 0, 1.0 / 3, 0, 1.0 / 3, 0}, {0, 1.0 / 3, 0, 1.0 / 3, 0, 1.0 / 3}},
                avg.jacobian(x),
                1e-15,
                "mean Jacobian");
        INDArray allPadding = SequenceData.of(DataType.DOUBLE, new double[][] {{0, 0, 0}});
        avg.forward(new INDArray[] {x, allPadding}, out, false);
        SequenceData.assertClose(new double[][] {{0, 0}}, out, 0, "no real step");
        assertEquals(
                List.of(2, 1), avg.inputShapes().stream().map(s -> s.length).toList());
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void aPaddedSequenceWithItsMaskGivesTheUnpaddedOutputAndGradient(DataType type) {
        int features = 3;
        for (boolean isMax : new boolean[] {false, true}) {
            for (int real = 1; real <= 4; real++) {
                INDArray unpadded = TestData.gaussian(type, 2, real * features, 1, real);
                double[][] u = SequenceData.rows(unpadded);
                double[][] p = new double[2][6 * features];
                double[][] m = new double[2][6];
                for (int n = 0; n < 2; n++) {
                    System.arraycopy(u[n], 0, p[n], 0, real * features);
                    for (int i = real * features; i < 6 * features; i++) {
                        p[n][i] = 100 + i; // larger than every real value: a max that saw padding would differ
                    }
                    for (int t = 0; t < real; t++) {
                        m[n][t] = 1;
                    }
                }
                GlobalTimePooling small = built(
                        isMax ? GlobalTimePooling.max(real, features) : GlobalTimePooling.average(real, features),
                        type);
                GlobalTimePooling padded = built(
                        isMax ? GlobalTimePooling.max(6, features) : GlobalTimePooling.average(6, features), type);
                INDArray expected = small.forward(unpadded);
                INDArray[] in = {SequenceData.of(type, p), SequenceData.of(type, m)};
                INDArray out = Nd4j.zeros(type, 2, features);
                padded.forward(in, out, true);
                assertArrayEquals(
                        expected.reshape(2 * features).toDoubleVector(),
                        out.reshape(2 * features).toDoubleVector(),
                        0,
                        "output, " + real + " real steps"); // exactly: the same sums in the same order
                INDArray g = TestData.gaussian(type, 2, features, 1, 9);
                INDArray expectedGrad = small.backward(g);
                INDArray[] grads = {Nd4j.ones(type, 2, 6 * features), null};
                padded.backward(in, out, g.dup(), grads);
                double[][] e = SequenceData.rows(expectedGrad);
                double[][] a = SequenceData.rows(grads[0]);
                for (int n = 0; n < 2; n++) {
                    assertArrayEquals(e[n], java.util.Arrays.copyOf(a[n], real * features), 0, "real steps");
                    assertArrayEquals(
                            new double[(6 - real) * features],
                            java.util.Arrays.copyOfRange(a[n], real * features, 6 * features),
                            0,
                            "padding gets no gradient");
                }
            }
        }
    }

    @Test
    void paddedIdsThroughEmbeddingAndPaddingMaskPoolAsTheUnpaddedIds() {
        Embedding padded = new Embedding(9, 4, 6).withPaddingId(0);
        Embedding unpadded = new Embedding(9, 4, 3).withPaddingId(0);
        padded.build(DataType.FLOAT, new Random(3));
        unpadded.build(DataType.FLOAT, new Random(4));
        unpadded.weight().assign(padded.weight());
        PaddingMask masks = built(new PaddingMask(6, 0), DataType.FLOAT);
        for (boolean isMax : new boolean[] {false, true}) {
            GlobalTimePooling six =
                    built(isMax ? GlobalTimePooling.max(6, 4) : GlobalTimePooling.average(6, 4), DataType.FLOAT);
            GlobalTimePooling three =
                    built(isMax ? GlobalTimePooling.max(3, 4) : GlobalTimePooling.average(3, 4), DataType.FLOAT);
            INDArray ids = SequenceData.of(DataType.FLOAT, new double[][] {{5, 2, 8, 0, 0, 0}, {1, 1, 7, 0, 0, 0}});
            INDArray short3 = SequenceData.of(DataType.FLOAT, new double[][] {{5, 2, 8}, {1, 1, 7}});
            INDArray out = Nd4j.zeros(DataType.FLOAT, 2, 4);
            six.forward(new INDArray[] {padded.forward(ids), masks.forward(ids)}, out, false);
            assertArrayEquals(
                    three.forward(unpadded.forward(short3)).reshape(8).toFloatVector(),
                    out.reshape(8).toFloatVector(),
                    0);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fastPathMatchesTheReference(DataType type) {
        double tol = type == DataType.FLOAT ? 1e-6 : 1e-13;
        INDArray x = TestData.gaussian(type, 5, 7 * 4, 1, 2);
        double[][] mask = SequenceData.rows(SequenceData.ids(DataType.DOUBLE, 5, 7, 2, 3));
        mask[0] = new double[7]; // a row with no real step
        INDArray g = TestData.gaussian(type, 5, 4, 1, 4);
        for (GlobalTimePooling layer : new GlobalTimePooling[] {
            built(GlobalTimePooling.average(7, 4), type), built(GlobalTimePooling.max(7, 4), type)
        }) {
            for (double[][] mk : new double[][][] {null, mask}) {
                INDArray[] in = mk == null ? new INDArray[] {x} : new INDArray[] {x, SequenceData.of(type, mk)};
                INDArray out = Nd4j.zeros(type, 5, 4);
                layer.forward(in, out, false);
                SequenceData.assertClose(layer.reference(SequenceData.rows(x), mk), out, tol, layer.name());
                INDArray[] grads = {Nd4j.zeros(type, 5, 28)};
                layer.backward(in, out, g.dup(), grads);
                SequenceData.assertClose(
                        layer.referenceGradient(SequenceData.rows(x), mk, SequenceData.rows(g)),
                        grads[0],
                        tol,
                        layer.name() + " dJ/dx");
            }
        }
        ImageShape image = new ImageShape(3, 4, 5);
        INDArray images = TestData.gaussian(type, 4, 60, 1, 5);
        for (GlobalImagePooling layer : new GlobalImagePooling[] {
            built(GlobalImagePooling.average(image), type), built(GlobalImagePooling.max(image), type)
        }) {
            SequenceData.assertClose(
                    layer.reference(SequenceData.rows(images)), layer.forward(images), tol, layer.name());
        }
    }

    @Test
    void poolsEachImageChannel() {
        GlobalImagePooling avg = built(GlobalImagePooling.average(new ImageShape(2, 2, 2)), DataType.DOUBLE);
        GlobalImagePooling max = built(GlobalImagePooling.max(new ImageShape(2, 2, 2)), DataType.DOUBLE);
        INDArray x = SequenceData.of(DataType.DOUBLE, new double[][] {{1, 2, 3, 6, -1, -5, -2, -4}});
        SequenceData.assertClose(new double[][] {{3, -3}}, avg.forward(x), 0, "mean");
        SequenceData.assertClose(new double[][] {{6, -1}}, max.forward(x), 0, "max");
        INDArray g = SequenceData.of(DataType.DOUBLE, new double[][] {{4, 8}});
        SequenceData.assertClose(new double[][] {{1, 1, 1, 1, 2, 2, 2, 2}}, avg.backward(g), 0, "mean dJ/dx");
        SequenceData.assertClose(new double[][] {{0, 0, 0, 4, 8, 0, 0, 0}}, max.backward(g), 0, "max dJ/dx");
    }

    @Test
    void gradientChecksAloneAndInNetworks() {
        for (boolean isMax : new boolean[] {false, true}) {
            Network time = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .seed(2)
                    .add(new TimeDistributed(new Dense(2, 3, Activation.tanh()), 5))
                    .add(isMax ? GlobalTimePooling.max(5, 3) : GlobalTimePooling.average(5, 3))
                    .add(new Dense(3, 2))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            INDArray x = TestData.gaussian(DataType.DOUBLE, 4, 10, 1, 3);
            var r = GradientCheck.check(time, x, TestData.oneHot(DataType.DOUBLE, 4, 2, 4));
            assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
            Network alone = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .add(isMax ? GlobalTimePooling.max(5, 2) : GlobalTimePooling.average(5, 2))
                    .loss(Loss.mse())
                    .build();
            r = GradientCheck.check(alone, x, TestData.gaussian(DataType.DOUBLE, 4, 2, 1, 5));
            assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
            ImageShape in = new ImageShape(2, 4, 4);
            Conv2D conv = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.tanh(), org.nnj.init.Initializer.he());
            Network image = Network.builder()
                    .dataType(DataType.DOUBLE)
                    .seed(3)
                    .inputShape(2, 4, 4)
                    .add(conv)
                    .add(isMax ? GlobalImagePooling.max(conv.output()) : GlobalImagePooling.average(conv.output()))
                    .add(new Dense(3, 2))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            INDArray images = TestData.gaussian(DataType.DOUBLE, 3, 32, 1, 6);
            r = GradientCheck.check(image, images, TestData.oneHot(DataType.DOUBLE, 3, 2, 7));
            assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
        }
    }

    @Test
    void savesLoadsAndExportsToOnnx() throws Exception {
        for (boolean isMax : new boolean[] {false, true}) {
            Network time = Network.builder()
                    .seed(4)
                    .add(new Embedding(7, 3, 6))
                    .add(isMax ? GlobalTimePooling.max(6, 3) : GlobalTimePooling.average(6, 3))
                    .add(new Dense(3, 2))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            INDArray ids = SequenceData.ids(DataType.FLOAT, 9, 6, 7, 5);
            Network loaded = SequenceExports.assertRoundTrip(time, ids, dir);
            assertEquals(time.layer(1).spec(), loaded.layer(1).spec());
            SequenceExports.assertOnnxMatches(time, ids, dir, 1e-5);
            ImageShape in = new ImageShape(2, 5, 4);
            Conv2D conv = new Conv2D(in, 3, 3, 1, Padding.SAME, Activation.relu(), org.nnj.init.Initializer.he());
            Network image = Network.builder()
                    .seed(5)
                    .inputShape(2, 5, 4)
                    .add(conv)
                    .add(isMax ? GlobalImagePooling.max(conv.output()) : GlobalImagePooling.average(conv.output()))
                    .add(new Dense(3, 4))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            INDArray images = TestData.gaussian(DataType.FLOAT, 6, 40, 1, 6);
            loaded = SequenceExports.assertRoundTrip(image, images, dir);
            assertEquals(image.layer(1).spec(), loaded.layer(1).spec());
            SequenceExports.assertOnnxMatches(image, images, dir, 1e-5);
        }
    }
}
