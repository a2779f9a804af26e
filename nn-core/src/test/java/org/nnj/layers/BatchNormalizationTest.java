package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.io.ModelFile;
import org.nnj.kernels.Matrix;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

class BatchNormalizationTest {
    static BatchNormalization built(int size, DataType type, long seed) {
        BatchNormalization bn = new BatchNormalization(size);
        bn.build(type, new Random(seed));
        Random r = new Random(seed);
        Matrix g = Matrix.of(bn.gamma(), "gamma");
        Matrix b = Matrix.of(bn.beta(), "beta");
        for (int j = 0; j < size; j++) {
            g.set(j, 0.5 + r.nextDouble());
            b.set(j, r.nextGaussian());
        }
        return bn;
    }

    /** Σ G ⊙ BN_train(x), the scalar whose gradient the backward pass gives for upstream gradient G. */
    static double objective(BatchNormalization bn, INDArray x, INDArray g) {
        Matrix out = Matrix.allocate(DataType.DOUBLE, (int) x.rows(), (int) x.columns());
        bn.forward(x, out.array(), true);
        return out.array().mul(g).sumNumber().doubleValue();
    }

    @Test
    void trainingModeNormalizesEachFeatureOverTheBatch() {
        BatchNormalization bn = built(3, DataType.DOUBLE, 1);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 50, 3, 4, 2).addi(7);
        Matrix y = Matrix.allocate(DataType.DOUBLE, 50, 3);
        bn.forward(x, y.array(), true);
        for (int j = 0; j < 3; j++) {
            INDArray col = y.array().getColumn(j);
            double mean = col.meanNumber().doubleValue();
            double var = col.sub(mean).mul(col.sub(mean)).meanNumber().doubleValue();
            assertEquals(bn.beta().getDouble(0, j), mean, 1e-12);
            double g = bn.gamma().getDouble(0, j);
            double xVar = x.getColumn(j)
                    .sub(x.getColumn(j).meanNumber())
                    .norm2Number()
                    .doubleValue();
            xVar = xVar * xVar / 50;
            assertEquals(g * g * xVar / (xVar + BatchNormalization.DEFAULT_EPSILON), var, 1e-10);
        }
    }

    @Test
    void trainingBackwardMatchesFiniteDifferences() {
        for (long seed = 1; seed <= 3; seed++) {
            BatchNormalization bn = built(4, DataType.DOUBLE, seed);
            INDArray x = TestData.gaussian(DataType.DOUBLE, 6, 4, 2, seed + 10);
            INDArray g = TestData.gaussian(DataType.DOUBLE, 6, 4, 1, seed + 20);
            Matrix out = Matrix.allocate(DataType.DOUBLE, 6, 4);
            bn.forward(x, out.array(), true);
            Matrix dx = Matrix.allocate(DataType.DOUBLE, 6, 4);
            bn.backward(x, out.array(), g.dup(), dx.array());
            double eps = 1e-4;
            for (int i = 0; i < 24; i++) {
                assertEquals(numeric(bn, x, g, x, i, eps), dx.get(i), 1e-8, "dx " + i);
            }
            for (Parameter p : bn.parameters()) {
                double[] analytic = p.gradient().dup().data().asDouble();
                for (int i = 0; i < 4; i++) {
                    assertEquals(numeric(bn, x, g, p.value(), i, eps), analytic[i], 1e-8, p.name() + " " + i);
                }
            }
        }
    }

    /** The fourth-order central difference of the objective in element i of {@code target}. */
    static double numeric(BatchNormalization bn, INDArray x, INDArray g, INDArray target, int i, double eps) {
        Matrix t = Matrix.of(target, "target");
        double v = t.get(i);
        double[] f = new double[4];
        double[] at = {2, 1, -1, -2};
        for (int k = 0; k < 4; k++) {
            t.set(i, v + at[k] * eps);
            f[k] = objective(bn, x, g);
        }
        t.set(i, v);
        return (8 * (f[1] - f[2]) - (f[0] - f[3])) / (12 * eps);
    }

    @Test
    void runningStatisticsFollowTheMomentumRuleAndInferenceUsesThem() {
        BatchNormalization bn = new BatchNormalization(1, 0.25, 1e-5);
        bn.build(DataType.DOUBLE, new Random(1));
        INDArray a = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1}, {3}});
        INDArray b = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{10}, {20}, {30}});
        Matrix out2 = Matrix.allocate(DataType.DOUBLE, 2, 1);
        Matrix out3 = Matrix.allocate(DataType.DOUBLE, 3, 1);
        bn.forward(a, out2.array(), true); // mean 2, unbiased variance 2
        bn.forward(b, out3.array(), true); // mean 20, unbiased variance 100
        double mean = 0.75 * (0.75 * 0 + 0.25 * 2) + 0.25 * 20;
        double var = 0.75 * (0.75 * 1 + 0.25 * 2) + 0.25 * 100;
        assertEquals(mean, bn.runningMean().getDouble(0), 1e-12);
        assertEquals(var, bn.runningVariance().getDouble(0), 1e-12);
        INDArray y = bn.forward(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{5}}));
        assertEquals((5 - mean) / Math.sqrt(var + 1e-5), y.getDouble(0), 1e-12);
        // a batch of one is refused in training mode (issue item 11) and leaves them alone
        assertThrows(
                IllegalArgumentException.class,
                () -> bn.forward(
                        org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{99}}),
                        Matrix.allocate(DataType.DOUBLE, 1, 1).array(),
                        true));
        assertEquals(mean, bn.runningMean().getDouble(0), 1e-12);
    }

    @Test
    void inferenceBackwardIsTheTransposedJacobianTimesTheGradient() {
        BatchNormalization bn = built(5, DataType.DOUBLE, 4);
        bn.forward(
                TestData.gaussian(DataType.DOUBLE, 8, 5, 3, 1),
                Matrix.allocate(DataType.DOUBLE, 8, 5).array(),
                true);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 1, 5, 1, 2);
        INDArray g = TestData.gaussian(DataType.DOUBLE, 1, 5, 1, 3);
        bn.forward(x);
        INDArray dx = bn.backward(g);
        assertArrayEquals(g.mmul(bn.jacobian(x)).toDoubleVector(), dx.toDoubleVector(), 1e-12);
    }

    @Test
    void aNetworkWithBatchNormalizationTrainsSavesAndLoads(@TempDir Path dir) throws Exception {
        Network net = Network.builder()
                .seed(3)
                .add(new org.nnj.layers.Dense(4, 8))
                .add(new BatchNormalization(8))
                .add(new ActivationLayer(8, Activation.relu()))
                .add(new org.nnj.layers.Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        assertEquals(6, net.parameters().size()); // dense w, b; gamma, beta; dense w, b
        INDArray x = TestData.gaussian(DataType.FLOAT, 64, 4, 1, 5);
        INDArray y = TestData.oneHot(DataType.FLOAT, 64, 3, 6);
        Adam adam = new Adam(0.01);
        double first = net.trainStep(x, y, adam);
        double last = first;
        for (int i = 0; i < 100; i++) {
            last = net.trainStep(x, y, adam);
        }
        assertTrue(last < first, first + " -> " + last);
        Path file = dir.resolve("bn.nnj");
        ModelFile.save(file, net);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, header.getInt(8), "a model with buffers is written as version 2");
        Network loaded = ModelFile.load(file).network();
        BatchNormalization a = (BatchNormalization) net.layer(1);
        BatchNormalization b = (BatchNormalization) loaded.layer(1);
        assertArrayEquals(a.runningMean().toFloatVector(), b.runningMean().toFloatVector());
        assertArrayEquals(
                a.runningVariance().toFloatVector(), b.runningVariance().toFloatVector());
        assertArrayEquals(
                net.predict(x).data().asFloat(), loaded.predict(x).data().asFloat());
        assertTrue(a.runningMean().norm2Number().doubleValue() > 0, "the running mean moved");
    }

    static Network bnNetwork() {
        return Network.builder()
                .seed(3)
                .add(new org.nnj.layers.Dense(4, 8))
                .add(new BatchNormalization(8))
                .add(new org.nnj.layers.Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    /**
     * Training on one row would give y = β whatever x is and never move the running statistics:
     * trainStep, gradients and lossAndGradients refuse it naming the layer and the batch size, and
     * leave the parameters, the running statistics and the optimizer as they were; inference on one
     * row works.
     */
    @Test
    void aTrainingBatchOfOneRowIsRefusedAndChangesNothing() {
        Network net = bnNetwork();
        INDArray x = TestData.gaussian(DataType.FLOAT, 1, 4, 1, 5);
        INDArray y = TestData.oneHot(DataType.FLOAT, 1, 3, 6);
        List<double[]> before = TestData.snapshot(net);
        BatchNormalization bn = (BatchNormalization) net.layer(1);
        float[] mean = bn.runningMean().toFloatVector();
        float[] var = bn.runningVariance().toFloatVector();
        Adam adam = new Adam(0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.trainStep(x, y, adam));
        assertTrue(e.getMessage().contains("layer 1 BatchNormalization(8)"), e.getMessage());
        assertTrue(e.getMessage().contains("batch of 1 row"), e.getMessage());
        assertTrue(e.getMessage().contains("more than 1 value per"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.gradients(x, y));
        assertThrows(IllegalArgumentException.class, () -> net.lossAndGradients(x, y));
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)));
        assertArrayEquals(mean, bn.runningMean().toFloatVector());
        assertArrayEquals(var, bn.runningVariance().toFloatVector());
        assertEquals(0, adam.steps());
        assertEquals(1, net.predict(x).rows(), "inference on one row is fine");
        net.trainStep(TestData.gaussian(DataType.FLOAT, 2, 4, 1, 5), TestData.oneHot(DataType.FLOAT, 2, 3, 6), adam);
        assertEquals(1, adam.steps(), "two rows train");
    }

    /** The trainer refuses batchSize 1, or a last minibatch of one row, before the first update. */
    @Test
    void theTrainerRefusesMinibatchesOfOneRowBeforeTheFirstUpdate() {
        Network net = bnNetwork();
        List<double[]> before = TestData.snapshot(net);
        INDArray x = TestData.gaussian(DataType.FLOAT, 9, 4, 1, 5);
        INDArray y = TestData.oneHot(DataType.FLOAT, 9, 3, 6);
        IllegalArgumentException one =
                assertThrows(IllegalArgumentException.class, () -> TestData.fit(net, x, y, 1, 1, 0.1, 0));
        assertTrue(one.getMessage().contains("batchSize 1"), one.getMessage());
        assertTrue(one.getMessage().contains("layer 1 BatchNormalization(8)"), one.getMessage());
        IllegalArgumentException last =
                assertThrows(IllegalArgumentException.class, () -> TestData.fit(net, x, y, 1, 4, 0.1, 0));
        assertTrue(last.getMessage().contains("last minibatch of 1 row"), last.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)));
        TestData.fit(net, x, y, 1, 3, 0.1, 0); // 3 + 3 + 3
        TestData.fit(net, x, y, 1, 100, 0.1, 0); // one batch of 9
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(3, 0, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(3, 1.5, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(3, 0.1, 0));
        assertEquals(
                List.of("gamma", "beta"),
                built(2, DataType.FLOAT, 1).parameters().stream()
                        .map(Parameter::name)
                        .toList());
    }
}
