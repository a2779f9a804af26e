package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

class BatchNormalization2DTest {
    static final ImageShape SHAPE = new ImageShape(3, 2, 4);

    static BatchNormalization2D built(ImageShape shape, DataType type, long seed) {
        BatchNormalization2D bn = new BatchNormalization2D(shape);
        bn.build(type, new Random(seed));
        Random r = new Random(seed);
        for (int c = 0; c < shape.channels(); c++) {
            Matrix.of(bn.gamma(), "gamma").set(c, 0.5 + r.nextDouble());
            Matrix.of(bn.beta(), "beta").set(c, r.nextGaussian());
        }
        return bn;
    }

    @Test
    void kernelMatchesTheReferenceInFloat32AndFloat64() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = type == DataType.FLOAT ? 2e-5 : 1e-11;
            BatchNormalization2D bn = built(SHAPE, type, 2);
            INDArray x = TestData.gaussian(type, 5, SHAPE.size(), 2, 3).addi(3);
            INDArray g = TestData.gaussian(type, 5, SHAPE.size(), 1, 4);
            Matrix y = Matrix.allocate(type, 5, SHAPE.size());
            bn.forward(x, y.array(), true);
            Matrix dx = Matrix.allocate(type, 5, SHAPE.size());
            bn.backward(x, y.array(), g.dup(), dx.array());
            double[][] xs = x.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[] mean = new double[3];
            double[] var = new double[3];
            double[] gamma = bn.gamma().toDoubleVector();
            double[][] ys =
                    BatchNormalization2D.reference(xs, 3, gamma, bn.beta().toDoubleVector(), bn.epsilon(), mean, var);
            double[] dGamma = new double[3];
            double[] dBeta = new double[3];
            double[][] dxs = BatchNormalization2D.referenceBackward(
                    xs, g.castTo(DataType.DOUBLE).toDoubleMatrix(), 3, gamma, bn.epsilon(), dGamma, dBeta);
            for (int n = 0; n < 5; n++) {
                for (int i = 0; i < SHAPE.size(); i++) {
                    assertEquals(ys[n][i], y.get(n, i), tol, type + " y");
                    assertEquals(dxs[n][i], dx.get(n, i), tol, type + " dx");
                }
            }
            assertArrayEquals(dGamma, bn.parameters().get(0).gradient().toDoubleVector(), tol * 10);
            assertArrayEquals(dBeta, bn.parameters().get(1).gradient().toDoubleVector(), tol * 10);
            int m = 5 * 8;
            for (int c = 0; c < 3; c++) { // one step from r_μ = 0, r_σ² = 1 with momentum 0.1
                assertEquals(0.1 * mean[c], bn.runningMean().getDouble(c), tol * 10);
                assertEquals(
                        0.9 + 0.1 * var[c] * m / (m - 1), bn.runningVariance().getDouble(c), tol * 10);
            }
        }
    }

    /** With 1 x 1 images it is BatchNormalization over the channels: same outputs, gradients, statistics. */
    @Test
    void onOneByOneImagesItIsThePerFeatureBatchNormalization() {
        BatchNormalization2D bn2 = built(new ImageShape(4, 1, 1), DataType.DOUBLE, 5);
        BatchNormalization bn = new BatchNormalization(4);
        bn.build(DataType.DOUBLE, new Random(1));
        bn.gamma().assign(bn2.gamma());
        bn.beta().assign(bn2.beta());
        INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 1, 6);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 6, 4, 1, 7);
        Matrix y1 = Matrix.allocate(DataType.DOUBLE, 6, 4);
        Matrix y2 = Matrix.allocate(DataType.DOUBLE, 6, 4);
        bn.forward(x, y1.array(), true);
        bn2.forward(x, y2.array(), true);
        assertArrayEquals(y1.array().data().asDouble(), y2.array().data().asDouble(), 1e-12);
        Matrix d1 = Matrix.allocate(DataType.DOUBLE, 6, 4);
        Matrix d2 = Matrix.allocate(DataType.DOUBLE, 6, 4);
        bn.backward(x, y1.array(), g.dup(), d1.array());
        bn2.backward(x, y2.array(), g.dup(), d2.array());
        assertArrayEquals(d1.array().data().asDouble(), d2.array().data().asDouble(), 1e-12);
        assertArrayEquals(
                bn.runningVariance().toDoubleVector(), bn2.runningVariance().toDoubleVector(), 1e-12);
        assertArrayEquals(bn.runningMean().toDoubleVector(), bn2.runningMean().toDoubleVector(), 1e-12);
    }

    @Test
    void trainingModeFiniteDifferencesAloneAndInASmallNetwork() {
        BatchNormalization2D bn = built(SHAPE, DataType.DOUBLE, 8);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 3, SHAPE.size(), 1.5, 9);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 3, SHAPE.size(), 1, 10);
        Matrix y = Matrix.allocate(DataType.DOUBLE, 3, SHAPE.size());
        bn.forward(x, y.array(), true);
        Matrix dx = Matrix.allocate(DataType.DOUBLE, 3, SHAPE.size());
        bn.backward(x, y.array(), g.dup(), dx.array());
        Objective alone = () -> {
            Matrix out = Matrix.allocate(DataType.DOUBLE, 3, SHAPE.size());
            bn.forward(x, out.array(), true);
            return out.array().mul(g).sumNumber().doubleValue();
        };
        for (int i = 0; i < x.length(); i++) {
            assertEquals(numeric(alone, x, i), dx.get(i), 1e-8, "dx " + i);
        }
        for (Parameter p : bn.parameters()) {
            double[] analytic = p.gradient().dup().toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertEquals(numeric(alone, p.value(), i), analytic[i], 1e-8, p.name() + " " + i);
            }
        }
        // A convolution, per-channel normalization and a dense layer, all in training mode: the loss of
        // lossAndGradients (training mode, batch statistics) against finite differences of it.
        Conv2D conv =
                new Conv2D(new ImageShape(2, 4, 4), 3, 3, 1, Padding.SAME, Activation.tanh(), Initializer.heUniform());
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .inputShape(2, 4, 4)
                .add(conv)
                .add(new BatchNormalization2D(conv.output()))
                .add(new Flatten(conv.output()))
                .add(new Dense(conv.output().size(), 2))
                .loss(Loss.mse())
                .build();
        LayerNormalizationTest.perturb(net, 11);
        INDArray nx = TestData.gaussian(DataType.DOUBLE, 4, 32, 1, 12);
        INDArray ny = TestData.gaussian(DataType.DOUBLE, 4, 2, 1, 13);
        INDArray dInput = net.gradients(nx, ny);
        List<double[]> grads = net.parameters().stream()
                .map(p -> p.gradient().dup().data().asDouble())
                .toList(); // before lossAndGradients overwrites them
        Objective loss = () -> net.lossAndGradients(nx, ny);
        for (int k = 0; k < grads.size(); k++) {
            Parameter p = net.parameters().get(k);
            double[] analytic = grads.get(k);
            for (int i = 0; i < analytic.length; i += 3) {
                double numeric = numeric(loss, p.value(), i);
                assertEquals(numeric, analytic[i], 1e-7 * Math.max(1, Math.abs(numeric)), p.name() + " " + i);
            }
        }
        for (int i = 0; i < nx.length(); i += 5) {
            double numeric = numeric(loss, nx, i);
            assertEquals(numeric, dInput.getDouble(i), 1e-7 * Math.max(1, Math.abs(numeric)), "input " + i);
        }
    }

    interface Objective {
        double value();
    }

    /** The fourth-order central difference of the objective in element i of {@code target}. */
    static double numeric(Objective f, INDArray target, int i) {
        Matrix t = Matrix.of(target, "target");
        double eps = 1e-4;
        double v = t.get(i);
        double[] at = {2, 1, -1, -2};
        double[] fs = new double[4];
        for (int k = 0; k < 4; k++) {
            t.set(i, v + at[k] * eps);
            fs[k] = f.value();
        }
        t.set(i, v);
        return (8 * (fs[1] - fs[2]) - (fs[0] - fs[3])) / (12 * eps);
    }

    /** Inference uses the running statistics, writes no state, and its backward is the affine map's. */
    @Test
    void inferenceUsesTheRunningStatisticsAndItsJacobian() {
        BatchNormalization2D bn = built(SHAPE, DataType.DOUBLE, 14);
        bn.forward(
                TestData.gaussian(DataType.DOUBLE, 4, SHAPE.size(), 2, 15),
                Matrix.allocate(DataType.DOUBLE, 4, SHAPE.size()).array(),
                true);
        double[] mean = bn.runningMean().toDoubleVector();
        double[] var = bn.runningVariance().toDoubleVector();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 1, SHAPE.size(), 1, 16);
        INDArray y = bn.forward(x);
        for (int i = 0; i < SHAPE.size(); i++) {
            int c = i / 8;
            double expected = bn.gamma().getDouble(c) * (x.getDouble(i) - mean[c]) / Math.sqrt(var[c] + 1e-5)
                    + bn.beta().getDouble(c);
            assertEquals(expected, y.getDouble(i), 1e-12);
        }
        assertArrayEquals(mean, bn.runningMean().toDoubleVector(), 0, "inference moved the running mean");
        INDArray g = TestData.gaussian(DataType.DOUBLE, 1, SHAPE.size(), 1, 17);
        assertArrayEquals(
                g.mmul(bn.jacobian(x)).toDoubleVector(), bn.backward(g).toDoubleVector(), 1e-12);
    }

    /** One image of one position per channel has no statistics: refused, naming the layer; 1 image of 2x4 is fine. */
    @Test
    void aTrainingBatchWithOneValuePerChannelIsRefused() {
        BatchNormalization2D single = built(new ImageShape(2, 1, 1), DataType.DOUBLE, 18);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> single.forward(
                        TestData.gaussian(DataType.DOUBLE, 1, 2, 1, 19),
                        Matrix.allocate(DataType.DOUBLE, 1, 2).array(),
                        true));
        assertTrue(
                e.getMessage().contains("BatchNormalization2D(2x1x1)")
                        && e.getMessage().contains("1 value"),
                e.getMessage());
        assertArrayEquals(new double[] {0, 0}, single.runningMean().toDoubleVector(), 0);
        BatchNormalization2D bn = built(SHAPE, DataType.DOUBLE, 20);
        bn.forward(
                TestData.gaussian(DataType.DOUBLE, 1, SHAPE.size(), 1, 21),
                Matrix.allocate(DataType.DOUBLE, 1, SHAPE.size()).array(),
                true);
    }

    @Test
    void aConvolutionalNetworkTrainsSavesLoadsAndAllocatesNothingAfterWarmUp(@TempDir Path dir) throws Exception {
        ImageShape in = new ImageShape(2, 6, 6);
        Conv2D conv = new Conv2D(in, 4, 3, 1, Padding.SAME, Activation.relu(), Initializer.heUniform());
        Network net = Network.builder()
                .seed(5)
                .inputShape(2, 6, 6)
                .add(conv)
                .add(new BatchNormalization2D(conv.output()))
                .add(new Flatten(conv.output()))
                .add(new Dense(conv.output().size(), 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 16, in.size(), 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 16, 3, 2);
        Adam adam = new Adam(0.01);
        double first = net.trainStep(x, y, adam);
        long before = Allocations.count();
        double last = first;
        for (int i = 0; i < 30; i++) {
            last = net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count(), "INDArrays allocated after warm-up");
        assertTrue(last < first, first + " -> " + last);
        BatchNormalization2D a = (BatchNormalization2D) net.layer(1);
        assertEquals(
                List.of("running_mean", "running_var"),
                a.buffers().stream().map(Parameter::name).toList());
        Path file = dir.resolve("bn2d.nnj");
        ModelFile.save(file, net);
        Network loaded = ModelFile.load(file).network();
        BatchNormalization2D b = (BatchNormalization2D) loaded.layer(1);
        assertArrayEquals(a.runningMean().toFloatVector(), b.runningMean().toFloatVector());
        assertArrayEquals(
                a.runningVariance().toFloatVector(), b.runningVariance().toFloatVector());
        assertArrayEquals(
                net.predict(x).data().asFloat(), loaded.predict(x).data().asFloat());
        assertEquals(a.spec(), b.spec());
    }
}
