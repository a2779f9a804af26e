package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import org.nnj.layers.Dense;
import org.nnj.layers.SequenceData;
import org.nnj.layers.TimeDistributed;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** Softmax cross-entropy on integer targets, per example and per step, with an ignore id. */
class SparseSoftmaxCrossEntropyTest {
    @TempDir
    Path dir;

    @Test
    void handComputedPerStepWithAndWithoutTheIgnoreId() {
        INDArray z = SequenceData.of(DataType.DOUBLE, new double[][] {{0, 0, Math.log(3), 0}});
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 1, 4);
        SparseSoftmaxCrossEntropy loss = new SparseSoftmaxCrossEntropy(2);
        // step 0: p = (1/2, 1/2), target 0: ln 2; step 1: p = (3/4, 1/4), target 1: ln 4; mean over 2 steps
        double j = loss.valueAndGradient(z, SequenceData.of(DataType.DOUBLE, new double[][] {{0, 1}}), g);
        assertEquals(1.5 * Math.log(2), j, 1e-15);
        assertArrayEquals(new double[] {-0.25, 0.25, 0.375, -0.375}, g.toDoubleVector(), 1e-15);
        SparseSoftmaxCrossEntropy ignoring = loss.ignoring(-100);
        j = ignoring.valueAndGradient(z, SequenceData.of(DataType.DOUBLE, new double[][] {{0, -100}}), g);
        assertEquals(Math.log(2), j, 1e-15);
        assertArrayEquals(new double[] {-0.5, 0.5, 0, 0}, g.toDoubleVector(), 1e-15);
        j = ignoring.valueAndGradient(z, SequenceData.of(DataType.DOUBLE, new double[][] {{-100, -100}}), g);
        assertEquals(0, j);
        assertArrayEquals(new double[4], g.toDoubleVector(), 0);
        assertEquals(2, loss.targetWidth(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.targetWidth(5));
        assertTrue(e.getMessage().contains("whole number of steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseSoftmaxCrossEntropy(1));
    }

    @Test
    void oneStepIsSoftmaxCrossEntropyOnOneHotTargets() {
        INDArray z = TestData.gaussian(DataType.DOUBLE, 8, 5, 2, 1);
        INDArray oneHot = TestData.oneHot(DataType.DOUBLE, 8, 5, 2);
        INDArray ids = oneHot.argMax(1).reshape(8, 1).castTo(DataType.DOUBLE);
        INDArray g1 = Nd4j.zeros(DataType.DOUBLE, 8, 5);
        INDArray g2 = Nd4j.zeros(DataType.DOUBLE, 8, 5);
        double a = new SoftmaxCrossEntropy().valueAndGradient(z, oneHot, g1);
        double b = new SparseSoftmaxCrossEntropy(5).valueAndGradient(z, ids, g2);
        assertEquals(a, b, 1e-12);
        assertArrayEquals(g1.reshape(40).toDoubleVector(), g2.reshape(40).toDoubleVector(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void fastPathMatchesTheReference(DataType type) {
        SparseSoftmaxCrossEntropy loss = new SparseSoftmaxCrossEntropy(4).ignoring(0);
        INDArray z = TestData.gaussian(type, 6, 5 * 4, 3, 3);
        INDArray y = SequenceData.ids(type, 6, 5, 4, 4);
        INDArray g = Nd4j.zeros(type, 6, 20);
        double j = loss.valueAndGradient(z, y, g);
        double[][] expected = new double[6][20];
        double reference = loss.reference(SequenceData.rows(z), SequenceData.rows(y), expected);
        double tol = type == DataType.FLOAT ? 1e-6 : 1e-13;
        assertEquals(reference, j, tol * reference);
        assertEquals(reference, loss.value(z, y), tol * reference);
        SequenceData.assertClose(expected, g, tol, "dJ/dz");
    }

    @Test
    void refusesTargetsThatAreNotClassIdsNamingRowAndColumn() {
        Network net = Network.builder()
                .add(new TimeDistributed(new Dense(2, 3), 4))
                .loss(new SparseSoftmaxCrossEntropy(3).ignoring(-1))
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 2, 8, 1, 1);
        for (double bad : new double[] {1.5, -2, 3}) {
            INDArray y = SequenceData.of(DataType.FLOAT, new double[][] {{0, 1, 2, -1}, {2, 1, bad, 0}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.trainStep(x, y, 0.1));
            assertTrue(e.getMessage().contains("row 1, column 2"), e.getMessage());
            assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
            assertTrue(e.getMessage().contains("ignore id -1"), e.getMessage());
        }
        net.trainStep(x, SequenceData.of(DataType.FLOAT, new double[][] {{0, 1, 2, -1}, {-1, -1, -1, -1}}), 0.1);
        IllegalArgumentException wide = assertThrows(
                IllegalArgumentException.class, () -> net.trainStep(x, TestData.oneHot(DataType.FLOAT, 2, 12, 1), 0.1));
        assertTrue(wide.getMessage().contains("takes targets of [batch, 4]"), wide.getMessage());
        Network odd = Network.builder()
                .add(new Dense(2, 5))
                .loss(new SparseSoftmaxCrossEntropy(3))
                .build();
        IllegalArgumentException steps = assertThrows(
                IllegalArgumentException.class,
                () -> odd.trainStep(
                        TestData.gaussian(DataType.FLOAT, 2, 2, 1, 1), Nd4j.zeros(DataType.FLOAT, 2, 1), 0.1));
        assertTrue(steps.getMessage().contains("not a whole number of steps"), steps.getMessage());
    }

    @Test
    void predictAppliesTheSoftmaxPerStepAndAccuracyCountsCountedSteps() {
        SparseSoftmaxCrossEntropy loss = new SparseSoftmaxCrossEntropy(3).ignoring(9);
        Network net = Network.builder()
                .seed(2)
                .add(new TimeDistributed(new Dense(2, 3), 4))
                .loss(loss)
                .build();
        INDArray p = net.predict(TestData.gaussian(DataType.FLOAT, 5, 8, 2, 3));
        for (int r = 0; r < 5; r++) {
            for (int t = 0; t < 4; t++) {
                double s = 0;
                for (int c = 0; c < 3; c++) {
                    s += p.getDouble(r, t * 3 + c);
                }
                assertEquals(1, s, 1e-6, "row " + r + " step " + t);
            }
        }
        INDArray out = SequenceData.of(DataType.FLOAT, new double[][] {{0.1, 0.8, 0.1, 0.5, 0.2, 0.3}});
        assertEquals(0.5, loss.accuracy(out, SequenceData.of(DataType.FLOAT, new double[][] {{1, 2}})), 0);
        assertEquals(1, loss.accuracy(out, SequenceData.of(DataType.FLOAT, new double[][] {{1, 9}})), 0);
    }

    @Test
    void gradientCheckInANetwork() {
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new TimeDistributed(new Dense(3, 4, Activation.tanh()), 5))
                .add(new TimeDistributed(new Dense(4, 3), 5))
                .loss(new SparseSoftmaxCrossEntropy(3).ignoring(-100))
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 4, 15, 1, 4);
        INDArray y = SequenceData.ids(DataType.DOUBLE, 4, 5, 3, 5);
        y.putScalar(0, 4, -100);
        y.putScalar(2, 1, -100);
        var r = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
        Network example = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new Dense(3, 4))
                .loss(new SparseSoftmaxCrossEntropy(4))
                .build();
        r = GradientCheck.check(
                example, TestData.gaussian(DataType.DOUBLE, 6, 3, 1, 6), SequenceData.ids(DataType.DOUBLE, 6, 1, 4, 7));
        assertTrue(GradientCheck.worst(r) < 1e-6, r.toString());
    }

    @Test
    void savesLoadsAndExportsToOnnx() throws Exception {
        Network net = Network.builder()
                .seed(4)
                .add(new TimeDistributed(new Dense(3, 5, Activation.relu()), 4))
                .add(new TimeDistributed(new Dense(5, 6), 4))
                .loss(new SparseSoftmaxCrossEntropy(6).ignoring(0))
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 7, 12, 1, 5);
        Network loaded = SequenceExports.assertRoundTrip(net, x, dir);
        // the classes are kept; the ignore id is a training setting the file does not keep
        assertEquals(new SparseSoftmaxCrossEntropy(6), loaded.lossFunction());
        SequenceExports.assertOnnxMatches(net, x, dir, 1e-5);
    }
}
