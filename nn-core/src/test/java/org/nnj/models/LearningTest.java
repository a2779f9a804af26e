package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;

class LearningTest {
    static final INDArray XOR_X = Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    static final INDArray XOR_Y = Nd4j.createFromArray(new float[][] {{0}, {1}, {1}, {0}});

    static Network xorNetwork(long seed) {
        return Network.builder()
                .seed(seed)
                .add(new Dense(2, 8, Activation.tanh()))
                .add(new Dense(8, 1, Activation.sigmoid()))
                .loss(Loss.binaryCrossEntropy())
                .build();
    }

    @Test
    void twoLayerNetworkLearnsXor() {
        Network net = xorNetwork(42);
        History h = TestData.fit(net, XOR_X, XOR_Y, 2000, 4, 0.5, 1);
        assertEquals(2000, h.epochs());
        assertTrue(h.loss().get(1999) < 0.05, "final loss " + h.loss().get(1999));
        assertTrue(h.loss().get(1999) < h.loss().get(0) / 10);
        INDArray p = net.predict(XOR_X);
        assertArrayEquals(new double[] {0, 1, 1, 0}, round(p), 0, "predictions " + p);
    }

    @Test
    void perSampleSgdAlsoLearnsXor() {
        Network net = xorNetwork(7);
        History h = TestData.fit(net, XOR_X, XOR_Y, 1000, 1, 0.3, 3);
        assertTrue(h.last("loss") < 0.05, "final loss " + h.last("loss"));
        assertArrayEquals(new double[] {0, 1, 1, 0}, round(net.predict(XOR_X)), 0);
    }

    @Test
    void perceptronLearnsALinearlySeparableSet() {
        // Two clouds on either side of the line x1 + 2 x2 = 1.
        int n = 200;
        INDArray raw = TestData.gaussian(DataType.DOUBLE, n, 2, 2.0, 5);
        double[][] xs = new double[n][2];
        double[][] ys = new double[n][1];
        for (int i = 0; i < n; i++) {
            double a = raw.getDouble(i, 0);
            double b = raw.getDouble(i, 1);
            double side = a + 2 * b - 1;
            double shift = side >= 0 ? 0.5 : -0.5; // a margin of 0.5 / sqrt(5)
            xs[i][0] = a + shift;
            xs[i][1] = b + 2 * shift;
            ys[i][0] = side >= 0 ? 1 : 0;
        }
        INDArray x = Nd4j.createFromArray(xs);
        INDArray y = Nd4j.createFromArray(ys);
        Perceptron p = new Perceptron(2);
        History h = p.fit(x, y, 1000, 0.1);
        assertEquals(0.0, h.last("errors"), "the last epoch makes no mistakes");
        assertTrue(h.get("errors").get(0) > 0, "it had something to learn");
        assertTrue(p.predict(x).equalsWithEps(y, 0));
    }

    @Test
    void perceptronCannotLearnXorAndSaysSo() {
        Perceptron p = new Perceptron(2);
        History h = p.fit(XOR_X.castTo(DataType.DOUBLE), XOR_Y.castTo(DataType.DOUBLE), 50, 0.1);
        assertEquals(50, h.epochs());
        assertTrue(h.last("errors") > 0, "XOR is not linearly separable");
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAfterTraining() {
        INDArray x = TestData.gaussian(DataType.FLOAT, 100, 3, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 100, 4, 2);
        List<double[]> first = trainOnce(x, y, 9, 17);
        List<double[]> second = trainOnce(x, y, 9, 17);
        assertTrue(org.nnj.TestData.bitIdentical(first, second));
        assertFalse(org.nnj.TestData.bitIdentical(first, trainOnce(x, y, 10, 17)), "another init seed differs");
        assertFalse(org.nnj.TestData.bitIdentical(first, trainOnce(x, y, 9, 18)), "another shuffle seed differs");
    }

    private static List<double[]> trainOnce(INDArray x, INDArray y, long initSeed, long shuffleSeed) {
        Network net = Network.builder()
                .seed(initSeed)
                .add(new Dense(3, 16, Activation.relu(), org.nnj.init.Initializer.he()))
                .add(new Dense(16, 4))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        TestData.fit(net, x, y, 5, 16, 0.1, shuffleSeed);
        return org.nnj.TestData.snapshot(net);
    }

    @Test
    void fullBatchAndMinibatchAreDifferentAlgorithms() {
        INDArray x = TestData.gaussian(DataType.FLOAT, 64, 3, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 64, 2, 2);
        Network a = Network.builder()
                .seed(1)
                .add(new Dense(3, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        Network b = Network.builder()
                .seed(1)
                .add(new Dense(3, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        TestData.fit(a, x, y, 3, 64, 0.1, 0);
        TestData.fit(b, x, y, 3, 1000, 0.1, 99); // batch >= n: full batch, shuffle seed irrelevant
        assertTrue(TestData.bitIdentical(TestData.snapshot(a), TestData.snapshot(b)));
        Network c = Network.builder()
                .seed(1)
                .add(new Dense(3, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        TestData.fit(c, x, y, 3, 10, 0.1, 0); // 7 steps per epoch, the last one of 4 rows
        assertFalse(TestData.bitIdentical(TestData.snapshot(a), TestData.snapshot(c)));
    }

    @Test
    void trainStepReducesTheLossOnItsBatch() {
        INDArray x = TestData.gaussian(DataType.FLOAT, 32, 5, 1, 1);
        INDArray y = TestData.gaussian(DataType.FLOAT, 32, 2, 1, 2);
        Network net = Network.builder()
                .seed(3)
                .add(new Dense(5, 8, Activation.sigmoid()))
                .add(new Dense(8, 2))
                .loss(Loss.mse())
                .build();
        double before = net.loss(x, y);
        double reported = net.trainStep(x, y, 0.05);
        assertEquals(before, reported, 1e-6, "trainStep reports the loss before its update");
        assertTrue(net.loss(x, y) < before);
    }

    @Test
    void neuronTrainsWithEachLoss() {
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {-1, -1}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0}, {1}, {1}, {1}, {1}, {0}}); // OR-like, separable
        for (Loss loss : List.of(Loss.mae(), Loss.mse(), Loss.binaryCrossEntropy())) {
            Neuron neuron = new Neuron(2, loss, 5);
            History h = TestData.fit(neuron.network(), x, y, 2000, 6, 1.0, 0);
            assertTrue(h.last("loss") < h.loss().get(0), loss.name());
            assertTrue(neuron.classify(x).equalsWithEps(y, 0), loss.name() + ": " + neuron.predict(x));
        }
    }

    private static double[] round(INDArray p) {
        double[] v = p.castTo(DataType.DOUBLE).reshape(p.length()).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(v[i]);
        }
        return v;
    }
}
