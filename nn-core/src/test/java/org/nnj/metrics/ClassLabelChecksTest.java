package org.nnj.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.data.Split;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.train.Trainer;

/**
 * Metrics and splits refuse what they cannot mean, naming the row: probabilities that are not
 * finite, labels that are not class labels, a regression network, and continuous targets to stratify.
 */
class ClassLabelChecksTest {
    static void assertNames(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void nanProbabilitiesAreRefusedNotCountedCorrect() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        INDArray nan = Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {Double.NaN, Double.NaN}});
        assertNames(
                assertThrows(IllegalArgumentException.class, () -> Evaluation.of(nan, labels, List.of())),
                "probabilities row 1",
                "NaN");
        INDArray one = Nd4j.createFromArray(new double[][] {{Double.NaN}, {0.2}});
        assertThrows(
                IllegalArgumentException.class,
                () -> Evaluation.of(one, Nd4j.createFromArray(new double[][] {{1}, {0}}), List.of()));
        assertEquals(1.0, Evaluation.of(labels, labels, List.of()).accuracy());
    }

    @Test
    void labelsThatAreNotOneHotAreRefused() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.4, 0.6}});
        INDArray half = Nd4j.createFromArray(new double[][] {{1, 0}, {0.5, 0.5}});
        assertNames(
                assertThrows(IllegalArgumentException.class, () -> Evaluation.of(p, half, List.of())),
                "labels row 1 = [0.5, 0.5]",
                "one-hot");
        INDArray two = Nd4j.createFromArray(new double[][] {{1, 1}, {0, 1}});
        assertNames(
                assertThrows(IllegalArgumentException.class, () -> Evaluation.of(p, two, List.of())), "labels row 0");
        INDArray column = Nd4j.createFromArray(new double[][] {{0.3}, {0.7}});
        assertNames(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Evaluation.of(column, Nd4j.createFromArray(new double[][] {{1}, {0.7}}), List.of())),
                "labels row 1",
                "0 or 1");
    }

    @Test
    void aRegressionNetworkHasNoAccuracy() {
        Network regression = Network.builder()
                .add(new Dense(2, 1, Activation.identity()))
                .loss(Loss.mse())
                .build();
        Dataset data = Dataset.of(
                TestData.gaussian(DataType.FLOAT, 6, 2, 1, 1),
                Nd4j.createFromArray(new float[][] {{0}, {1}, {0}, {1}, {0}, {1}}));
        assertNames(
                assertThrows(IllegalArgumentException.class, () -> Evaluation.evaluate(regression, data)),
                "regression network",
                "mse");
        Trainer trainer = Trainer.builder()
                .epochs(1)
                .batchSize(2)
                .accuracy(true)
                .progressBar(false)
                .build();
        List<double[]> before = TestData.snapshot(regression);
        assertThrows(IllegalArgumentException.class, () -> trainer.fit(regression, data));
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(regression)), "refused before the first update");
        // a 0/1 classifier (one sigmoid output, binary cross-entropy) has one
        Network classifier = Network.builder()
                .add(new Dense(2, 1, Activation.sigmoid()))
                .loss(Loss.binaryCrossEntropy())
                .build();
        assertEquals(6, Evaluation.evaluate(classifier, data).confusion().total());
    }

    @Test
    void oneHotClassesOfNanIsRefused() {
        assertNames(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OneHot.classes(Nd4j.createFromArray(new double[][] {{0.2}, {Double.NaN}}))),
                "row 1",
                "not finite");
        assertThrows(
                IllegalArgumentException.class,
                () -> OneHot.classes(Nd4j.createFromArray(new double[][] {{0.2, Double.NaN}})));
        assertEquals(1, OneHot.classes(Nd4j.createFromArray(new double[][] {{0.2, 0.8}}))[0]);
    }

    @Test
    void aStratifiedSplitOfContinuousLabelsIsRefused() {
        Dataset continuous = Dataset.of(
                TestData.gaussian(DataType.FLOAT, 6, 2, 1, 1),
                Nd4j.createFromArray(new float[][] {{0.1f}, {0.7f}, {0.2f}, {0.9f}, {0.3f}, {0.6f}}));
        assertNames(
                assertThrows(IllegalArgumentException.class, () -> Split.stratified(continuous, 0.5, 1)),
                "labels row 0",
                "Split.random");
        assertThrows(IllegalArgumentException.class, () -> Split.stratifiedFolds(continuous, 2, 1));
        Dataset binary = Dataset.of(
                TestData.gaussian(DataType.FLOAT, 6, 2, 1, 1),
                Nd4j.createFromArray(new float[][] {{0}, {1}, {0}, {1}, {0}, {1}}));
        assertEquals(
                6,
                Split.stratified(binary, 0.5, 1).train().size()
                        + Split.stratified(binary, 0.5, 1).test().size());
    }
}
