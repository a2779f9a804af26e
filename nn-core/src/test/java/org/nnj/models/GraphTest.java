package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.kernels.Allocations;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.MaxPool2D;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.metrics.Evaluation;
import org.nnj.optim.Adam;
import org.nnj.train.GradientCheck;
import org.nnj.train.Trainer;

/**
 * Graph networks: float64 gradient checks of every way values flow in a graph (fan-out, residual
 * blocks, concatenation, products, two weighted outputs, a layer shared between two nodes), the chain
 * built both ways, names and packing, training with the Trainer, and zero allocations per step.
 */
class GraphTest {
    static final double TOLERANCE = 1e-6;
    static final DataType D = DataType.DOUBLE;

    private static void assertGradientsMatch(Network net, INDArray x, INDArray y) {
        Map<String, Double> errors = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(errors) < TOLERANCE, errors.toString());
    }

    /** x + f(x) with f = Dense(tanh) then Dense: the gradient at x is g + J_f^T g. */
    static Network residual(DataType type, long seed) {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        Node h = g.apply(new Dense(4, 4, Activation.tanh()), x);
        Node r = g.add(x, g.apply(new Dense(4, 4), h));
        g.output("y", g.apply(new Dense(4, 3), r), Loss.softmaxCrossEntropy());
        return g.dataType(type).seed(seed).build();
    }

    @Test
    void residualBlockGradientsMatchFiniteDifferences() {
        assertGradientsMatch(residual(D, 1), TestData.gaussian(D, 5, 4, 1, 2), TestData.oneHot(D, 5, 3, 3));
    }

    @Test
    void fanOutIntoConcatenationGradientsMatch() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4);
        Node a = g.apply(new Dense(4, 3, Activation.tanh()), x);
        Node b = g.apply(new Dense(4, 2, Activation.sigmoid()), x); // x read twice
        Node c = g.concatenate(a, b, a); // a read twice by one node
        g.output("y", g.apply(new Dense(8, 2), c), Loss.mse());
        Network net = g.dataType(D).seed(4).build();
        assertGradientsMatch(net, TestData.gaussian(D, 6, 4, 1, 5), TestData.gaussian(D, 6, 2, 1, 6));
    }

    @Test
    void productGateGradientsMatch() {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 3);
        Node gate = g.apply(new Dense(3, 3, Activation.sigmoid()), x);
        Node value = g.apply(new Dense(3, 3, Activation.tanh()), x);
        Node both = g.multiply(gate, value);
        Node square = g.multiply(both, both); // one value as both factors
        g.output("y", g.apply(new Dense(3, 1), g.add(both, square)), Loss.mse());
        Network net = g.dataType(D).seed(7).build();
        assertGradientsMatch(net, TestData.gaussian(D, 4, 3, 1, 8), TestData.gaussian(D, 4, 1, 1, 9));
    }

    /** A trunk with two heads; J = J_class + 0.5 J_value, and the gradients are those of that sum. */
    @Test
    void twoOutputsWithWeightedLosses() {
        GraphBuilder g = Network.graph();
        Node in = g.input("x", 4);
        Node h = g.apply(new Dense(4, 5, Activation.tanh()), in);
        Node cls = g.apply(new Dense(5, 3), h);
        Node val = g.apply(new Dense(5, 1), h);
        g.output("class", cls, Loss.softmaxCrossEntropy()).output("value", val, Loss.mse(), 0.5);
        Network net = g.dataType(D).seed(10).build();
        INDArray x = TestData.gaussian(D, 6, 4, 1, 11);
        INDArray yc = TestData.oneHot(D, 6, 3, 12);
        INDArray yv = TestData.gaussian(D, 6, 1, 1, 13);
        Dataset data = net.dataset(Map.of("x", x), Map.of("class", yc, "value", yv));
        assertEquals(4, data.numFeatures());
        assertEquals(4, data.numOutputs());
        assertGradientsMatch(net, data.features(), data.labels());

        Map<String, INDArray> p = net.predictByName(Map.of("x", x));
        assertEquals(List.of("class", "value"), List.copyOf(p.keySet()));
        double expected = Loss.softmaxCrossEntropy().value(logits(p.get("class")), yc)
                + 0.5 * Loss.mse().value(p.get("value"), yv);
        assertEquals(expected, net.loss(data.features(), data.labels()), 1e-12);
        INDArray packed = net.predict(data.features());
        assertArrayEquals(new long[] {6, 4}, packed.shape());
        Evaluation e = Evaluation.evaluate(net, data, "class");
        assertEquals(Evaluation.of(p.get("class"), yc, List.of()).accuracy(), e.accuracy(), 0);
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Evaluation.evaluate(net, data, "value"));
        for (int r = 0; r < 6; r++) {
            assertEquals(p.get("value").getDouble(r, 0), packed.getDouble(r, 3), 0);
            assertEquals(p.get("class").getDouble(r, 1), packed.getDouble(r, 1), 0);
        }
    }

    /** Softmax probabilities back to logits up to a per-row constant, which softmax cross-entropy ignores. */
    private static INDArray logits(INDArray probabilities) {
        return org.nd4j.linalg.ops.transforms.Transforms.log(probabilities, true);
    }

    /** A siamese pair: one Dense applied to two inputs; its gradient is the sum over both uses. */
    @Test
    void sharedLayerGradientIsTheSumOverItsUses() {
        Dense shared = new Dense(3, 2, Activation.tanh());
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 3);
        Node b = g.input("b", 3);
        Node both = g.concatenate(g.apply(shared, a), g.apply(shared, b));
        g.output("same", g.apply(new Dense(4, 1), both), BinaryCrossEntropy.fromLogits());
        Network net = g.dataType(D).seed(14).build();
        assertEquals(2, net.layers().size() - 1, "the shared layer is listed once: " + net.layers());
        assertEquals(2 * 3 + 2 + 4 + 1, net.parameterCount());
        INDArray x = TestData.gaussian(D, 5, 6, 1, 15);
        INDArray y = TestData.oneHot(D, 5, 2, 16).getColumns(0);
        assertGradientsMatch(net, x, y.dup());
        assertTrue(net.summary().contains("(shared)"), net.summary());
    }

    /** The same layers, seed and data as a list and as a graph: bit-identical training. */
    @Test
    void aChainBuiltBothWaysTrainsBitIdentically() {
        Network list = Network.builder()
                .seed(21)
                .add(new Dense(6, 8, Activation.relu()))
                .add(new Dense(8, 8, Activation.tanh()))
                .add(new Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 6);
        Node h = g.apply(new Dense(6, 8, Activation.relu()), x);
        h = g.apply(new Dense(8, 8, Activation.tanh()), h);
        g.output("y", g.apply(new Dense(8, 3), h), Loss.softmaxCrossEntropy());
        Network graph = g.seed(21).build();
        assertTrue(!graph.topology().isSequential()); // built node by node: saved as a graph
        assertTrue(TestData.bitIdentical(TestData.snapshot(list), TestData.snapshot(graph)));
        INDArray xs = TestData.gaussian(DataType.FLOAT, 32, 6, 1, 22);
        INDArray ys = TestData.oneHot(DataType.FLOAT, 32, 3, 23);
        Adam a1 = new Adam(0.01);
        Adam a2 = new Adam(0.01);
        for (int i = 0; i < 20; i++) {
            assertEquals(list.trainStep(xs, ys, a1), graph.trainStep(xs, ys, a2), 0);
        }
        assertTrue(TestData.bitIdentical(TestData.snapshot(list), TestData.snapshot(graph)));
    }

    /** Two inputs: an image branch (convolution and pooling, fused) and a flat branch, joined. */
    @Test
    void twoInputsByNameAndSideBySide() {
        GraphBuilder g = Network.graph();
        Node image = g.input("image", 1, 6, 6);
        Node meta = g.input("meta", 3);
        ImageShape in = new ImageShape(1, 6, 6);
        Conv2D conv = new Conv2D(in, 2, 3, 1, org.nnj.layers.Padding.SAME, Activation.relu());
        Node c = g.apply(new MaxPool2D(conv.output(), 2, 2), g.apply(conv, image));
        Node flat = g.apply(new Flatten(new ImageShape(2, 3, 3)), c);
        Node joined = g.concatenate(flat, g.apply(new Dense(3, 4, Activation.relu()), meta));
        g.output("y", g.apply(new Dense(22, 2), joined), Loss.softmaxCrossEntropy());
        Network net = g.seed(30).build();
        assertEquals(List.of("image", "meta"), net.inputNames());
        assertEquals(39, net.inputSize());
        INDArray xi = TestData.gaussian(DataType.FLOAT, 8, 36, 1, 31);
        INDArray xm = TestData.gaussian(DataType.FLOAT, 8, 3, 1, 32);
        INDArray y = TestData.oneHot(DataType.FLOAT, 8, 2, 33);
        Dataset data = net.dataset(Map.of("meta", xm, "image", xi), Map.of("y", y));
        INDArray packed = data.features();
        for (int r = 0; r < 8; r++) {
            assertEquals(xi.getDouble(r, 35), packed.getDouble(r, 35), 0);
            assertEquals(xm.getDouble(r, 0), packed.getDouble(r, 36), 0);
        }
        INDArray byName = net.predictByName(Map.of("image", xi, "meta", xm)).get("y");
        assertEquals(net.predict(packed), byName);
        Adam adam = new Adam(0.01);
        double first = net.trainStep(packed, y, adam);
        double last = first;
        for (int i = 0; i < 60; i++) {
            last = net.trainStep(packed, y, adam);
        }
        assertTrue(last < first / 2, first + " -> " + last);
    }

    /** A residual network trains with the Trainer and is evaluated like any other. */
    @Test
    void trainerAndEvaluationTakeAGraph() {
        INDArray x = TestData.gaussian(DataType.FLOAT, 400, 4, 1, 40);
        INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 400, 3);
        for (int r = 0; r < 400; r++) { // the class is the sign pattern of the first two features
            int cls = x.getDouble(r, 0) > 0 ? (x.getDouble(r, 1) > 0 ? 0 : 1) : 2;
            y.putScalar(r, cls, 1);
        }
        Network net = residual(DataType.FLOAT, 41);
        Trainer t = Trainer.builder()
                .epochs(30)
                .batchSize(32)
                .optimizer(new Adam(0.01))
                .seed(1)
                .progressBar(false)
                .build();
        t.fit(net, Dataset.of(x, y));
        double accuracy = Evaluation.evaluate(net, Dataset.of(x, y)).accuracy();
        assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    }

    @Test
    void graphStepsAllocateNothingAfterWarmUp() {
        Dense shared = new Dense(4, 4, Activation.tanh());
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 4);
        Node b = g.input("b", 4);
        Node ra = g.add(a, g.apply(shared, a));
        Node rb = g.add(b, g.apply(shared, b));
        Node j = g.concatenate(ra, rb);
        g.output("c", g.apply(new Dense(8, 2), j), Loss.softmaxCrossEntropy())
                .output("v", g.apply(new Dense(4, 1), ra), Loss.mse(), 0.3);
        Network net = g.seed(50).build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 16, 8, 1, 51);
        INDArray y = org.nd4j.linalg.factory.Nd4j.hstack(
                TestData.oneHot(DataType.FLOAT, 16, 2, 52), TestData.gaussian(DataType.FLOAT, 16, 1, 1, 53));
        Adam adam = new Adam(0.01);
        net.trainStep(x, y, adam);
        long before = Allocations.count();
        for (int i = 0; i < 100; i++) {
            net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count());
    }

    /** predict from several threads at once on one graph gives each thread the serial answer. */
    @Test
    void concurrentPredictionsOnAGraphAgreeWithSerialOnes() throws Exception {
        Network net = residual(DataType.FLOAT, 60);
        INDArray[] xs = new INDArray[4];
        INDArray[] expected = new INDArray[4];
        for (int t = 0; t < 4; t++) {
            xs[t] = TestData.gaussian(DataType.FLOAT, 3 + t * 50, 4, 1, 61 + t);
            expected[t] = net.predict(xs[t]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int k = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        if (!net.predict(xs[k]).equals(expected[k])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
