package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;

/** Every way to build or feed a graph wrongly gets one clear message naming the nodes and shapes. */
class GraphBadInputTest {
    private static void refused(Executable e, String... fragments) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), "\"" + ex.getMessage() + "\" should contain \"" + f + "\"");
        }
    }

    @Test
    void mergingMismatchedShapesNamesBothNodes() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        Node a = g.apply(new Dense(4, 3), x);
        refused(() -> g.add(x, a), "add", "input \"x\"", "4 values", "node 0 Dense(4→3)", "3 values");
        refused(() -> g.multiply(x, a), "multiply", "node 0");
    }

    @Test
    void aLayerOfTheWrongInputShape() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        refused(() -> g.apply(new Dense(5, 2), x), "input \"x\" has shape 4 values", "Dense(5→2) expects 5 values");
        refused(() -> g.apply(new Dense(4, 2), x, x), "Dense(4→2) reads one input, got 2 nodes");
        refused(() -> g.apply(new Dense(4, 2)), "needs at least one input node");
    }

    @Test
    void aNodeFromAnotherBuilder() {
        GraphBuilder g = Network.graph();
        Node other = Network.graph().input("x", 4);
        refused(() -> g.apply(new Dense(4, 2), other), "belongs to another graph builder");
        refused(() -> g.output("y", other, Loss.mse()), "belongs to another graph builder");
    }

    @Test
    void inputsAndOutputsMustBeConnected() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        g.input("unused", 2);
        g.output("y", g.apply(new Dense(4, 1), x), Loss.mse());
        refused(g::build, "input \"unused\" is read by no node");

        GraphBuilder h = Network.graph();
        Node hx = h.input("x", 4);
        h.apply(new Dense(4, 3), hx); // a dangling branch
        h.output("y", h.apply(new Dense(4, 1), hx), Loss.mse());
        refused(h::build, "node 0 Dense(4→3) feeds no output");

        GraphBuilder none = Network.graph();
        none.apply(new Dense(4, 1), none.input("x", 4));
        refused(none::build, "at least one output");

        GraphBuilder raw = Network.graph();
        Node rx = raw.input("x", 4);
        refused(() -> raw.output("y", rx, Loss.mse()), "is input \"x\" itself");
    }

    @Test
    void namesWeightsAndLosses() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        refused(() -> g.input("x", 3), "taken");
        refused(() -> g.input("z", 0), "size must be > 0");
        Node y = g.apply(new Dense(4, 2), x);
        refused(() -> g.output("y", y, Loss.mse(), 0), "positive, finite weight");
        refused(() -> g.output("y", y, Loss.mse(), Double.NaN), "positive, finite weight");
        g.output("y", y, Loss.mse());
        refused(() -> g.output("y2", y, Loss.mse()), "already", "one loss per node");
        GraphBuilder s = Network.graph();
        Node sx = s.input("x", 4);
        s.output("y", s.apply(new Dense(4, 3, Activation.softmax()), sx), Loss.softmaxCrossEntropy());
        refused(s::build, "softmax twice");
    }

    @Test
    void layersThatKeepStateCannotBeShared() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        Dropout drop = new Dropout(4, 0.5);
        g.apply(drop, x);
        refused(() -> g.apply(drop, x), "cannot be shared");
        BatchNormalization bn = new BatchNormalization(4);
        g.apply(bn, x);
        refused(() -> g.apply(bn, x), "cannot be shared");
    }

    @Test
    void namedArraysMustMatchTheInputsAndOutputs() {
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 2);
        Node b = g.input("b", 3);
        g.output("y", g.apply(new Dense(5, 1), g.concatenate(a, b)), Loss.mse());
        Network net = g.build();
        INDArray xa = TestData.gaussian(DataType.FLOAT, 4, 2, 1, 1);
        INDArray xb = TestData.gaussian(DataType.FLOAT, 4, 3, 1, 2);
        INDArray y = TestData.gaussian(DataType.FLOAT, 4, 1, 1, 3);
        refused(() -> net.dataset(Map.of("a", xa), Map.of("y", y)), "no array for input \"b\"", "3 columns");
        refused(() -> net.dataset(Map.of("a", xa, "b", xb, "c", xb), Map.of("y", y)), "\"c\"", "[a, b]");
        refused(() -> net.dataset(Map.of("a", xb, "b", xb), Map.of("y", y)), "features[\"a\"]", "[batch, 2]");
        refused(
                () -> net.dataset(Map.of("a", xa, "b", TestData.gaussian(DataType.FLOAT, 3, 3, 1, 4)), Map.of("y", y)),
                "has 3 rows");
        refused(() -> net.dataset(Map.of("a", xa, "b", xb), Map.of()), "no array for output \"y\"");
        refused(() -> net.predict(xa), "x has shape [4, 2]", "\"a\" (2) + \"b\" (3)", "[batch, 5]");
        refused(() -> net.predictByName(Map.of("b", xb)), "no array for input \"a\"");
    }

    @Test
    void targetsOfEachOutputAreCheckedAgainstItsLoss() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 3);
        g.output("p", g.apply(new Dense(3, 2), x), Loss.softmaxCrossEntropy())
                .output("q", g.apply(new Dense(3, 1, Activation.sigmoid()), x), Loss.binaryCrossEntropy());
        Network net = g.build();
        INDArray xs = TestData.gaussian(DataType.FLOAT, 4, 3, 1, 5);
        INDArray bad = org.nd4j.linalg.factory.Nd4j.hstack(
                TestData.oneHot(DataType.FLOAT, 4, 2, 6), org.nd4j.linalg.factory.Nd4j.valueArrayOf(4, 1, 2f));
        List<Double> before =
                List.of(net.parameters().get(0).value().sumNumber().doubleValue());
        refused(() -> net.trainStep(xs, bad, 0.1), "output \"q\"");
        refused(() -> net.trainStep(xs, TestData.oneHot(DataType.FLOAT, 4, 2, 6), 0.1), "[batch, 3]", "\"q\" (1)");
        assertTrue(before.get(0) == net.parameters().get(0).value().sumNumber().doubleValue());
    }

    @Test
    void accuracyDuringTrainingNeedsOneOutput() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 3);
        g.output("p", g.apply(new Dense(3, 2), x), Loss.softmaxCrossEntropy())
                .output("q", g.apply(new Dense(3, 1), x), Loss.mse());
        Network net = g.build();
        INDArray xs = TestData.gaussian(DataType.FLOAT, 8, 3, 1, 5);
        INDArray y = org.nd4j.linalg.factory.Nd4j.hstack(
                TestData.oneHot(DataType.FLOAT, 8, 2, 6), TestData.gaussian(DataType.FLOAT, 8, 1, 1, 7));
        org.nnj.train.Trainer t = org.nnj.train.Trainer.builder()
                .epochs(1)
                .accuracy(true)
                .progressBar(false)
                .build();
        refused(() -> t.fit(net, xs, y), "accuracy(true) needs a network with one output", "Evaluation.evaluate");
    }
}
