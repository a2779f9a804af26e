package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.layers.Layer;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.optim.SGD;
import org.nnj.train.Trainer;

/** Issue 24, item 9: output activations and losses that cannot learn together are refused at build. */
class NetworkRoundThreeTest {
    static Stream<Arguments> pairsThatCannotLearn() {
        return Stream.of(
                Arguments.of(new Dense(4, 3, Activation.softmax()), Loss.softmaxCrossEntropy(), "softmax"),
                Arguments.of(new ActivationLayer(4, Activation.softmax()), Loss.softmaxCrossEntropy(), "softmax"),
                Arguments.of(new Dense(4, 1, Activation.softmax()), Loss.binaryCrossEntropy(), "softmax"),
                Arguments.of(new Dense(4, 1, Activation.softmax()), Loss.mse(), "softmax"),
                Arguments.of(new Dense(4, 1), Loss.softmaxCrossEntropy(), "one output"),
                Arguments.of(new Dense(4, 1, Activation.sigmoid()), Loss.categoricalCrossEntropy(), "one output"),
                Arguments.of(new Dense(4, 1, Activation.sigmoid()), BinaryCrossEntropy.fromLogits(), "sigmoid"),
                Arguments.of(new ActivationLayer(4, Activation.sigmoid()), BinaryCrossEntropy.fromLogits(), "sigmoid"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairsThatCannotLearn")
    void anOutputActivationAndLossThatCannotLearnAreRefusedNamingLayerLossAndFix(Layer last, Loss loss, String what) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(4, 4, Activation.tanh()))
                .add(last)
                .loss(loss)
                .build());
        String m = e.getMessage();
        assertTrue(m.contains("layer 1 " + last.name()), m);
        assertTrue(m.contains(loss.name()) && m.contains(what), m);
        assertTrue(m.contains("use ") || m.contains("make the last"), "the message says the fix: " + m);
        assertTrue(!last.isBuilt(), "nothing was built");
    }

    @Test
    void theUsualPairsStillBuild() {
        Object[][] pairs = {
            {new Dense(4, 3), Loss.softmaxCrossEntropy()},
            {new Dense(4, 3, Activation.softmax()), Loss.categoricalCrossEntropy()},
            {new Dense(4, 1, Activation.sigmoid()), Loss.binaryCrossEntropy()},
            {new Dense(4, 1), BinaryCrossEntropy.fromLogits()},
            {new Dense(4, 3, Activation.softmax()), Loss.mse()}
        };
        for (Object[] p : pairs) {
            assertDoesNotThrow(
                    () -> Network.builder().add((Layer) p[0]).loss((Loss) p[1]).build());
        }
    }

    @Test
    void aNeuronRefusesLossesOnLogitsThroughTheSameRule() {
        for (Loss loss : new Loss[] {Loss.softmaxCrossEntropy(), BinaryCrossEntropy.fromLogits()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Neuron(2, loss, 1));
            assertTrue(
                    e.getMessage().contains(loss.name()) && e.getMessage().contains("Dense(2→1, sigmoid)"),
                    e.getMessage());
        }
        assertDoesNotThrow(() -> new Neuron(2, Loss.binaryCrossEntropy(), 1));
        assertDoesNotThrow(() -> new Neuron(2, Loss.mse(), 1));
    }

    @Test
    void theStepActivationIsRefusedByEveryGradientMethodButStillPredicts() {
        Network net = Network.builder()
                .add(new Dense(2, 3, Activation.step()))
                .add(new Dense(3, 1))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 5, 2, 1, 1);
        INDArray y = TestData.gaussian(DataType.FLOAT, 5, 1, 1, 2);
        var before = TestData.snapshot(net);
        for (Runnable r : new Runnable[] {
            () -> net.trainStep(x, y, 0.1),
            () -> net.trainStep(x, y, new SGD(0.1)),
            () -> net.gradients(x, y),
            () -> net.lossAndGradients(x, y),
            () -> net.check(x, y),
            () -> Trainer.builder().epochs(1).progressBar(false).build().fit(net, x, y)
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(
                    e.getMessage().contains("layer 0 Dense(2→3, step)")
                            && e.getMessage().contains("derivative is 0")
                            && e.getMessage().contains("Perceptron"),
                    e.getMessage());
        }
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)), "parameters unchanged");
        assertDoesNotThrow(() -> net.predict(x));
        Perceptron p = new Perceptron(2); // still trained by its own rule
        assertDoesNotThrow(() -> p.fit(
                org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{0, 0}, {1, 1}}),
                org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{0}, {1}}),
                10,
                1));
    }
}
