package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;

/**
 * Every bad input throws IllegalArgumentException whose message names the argument, and leaves the
 * network's parameters bit-identical.
 */
class BadInputTest {
    static final INDArray X = TestData.gaussian(DataType.FLOAT, 10, 4, 1, 1);
    static final INDArray Y = TestData.oneHot(DataType.FLOAT, 10, 3, 2);

    static Network network() {
        return Network.builder()
                .seed(1)
                .add(new Dense(4, 5, Activation.relu()))
                .add(new Dense(5, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    static INDArray withValue(INDArray a, int r, int c, float v) {
        INDArray copy = a.dup();
        copy.putScalar(r, c, v);
        return copy;
    }

    record Case(String argument, Function<Network, Object> call) {}

    static Stream<Arguments> cases() {
        List<Object[]> c = List.of(
                new Object[] {
                    "x has too many columns",
                    new Case("x", n -> TestData.fit(n, Nd4j.zeros(DataType.FLOAT, 10, 5), Y, 1, 4, 0.1, 0))
                },
                new Object[] {"x is 1-D", new Case("x", n -> n.trainStep(Nd4j.zeros(DataType.FLOAT, 4), Y, 0.1))},
                new Object[] {
                    "x has NaN", new Case("x", n -> TestData.fit(n, withValue(X, 3, 2, Float.NaN), Y, 1, 4, 0.1, 0))
                },
                new Object[] {
                    "x has +Inf", new Case("x", n -> n.trainStep(withValue(X, 0, 0, Float.POSITIVE_INFINITY), Y, 0.1))
                },
                new Object[] {
                    "x has -Inf in predict", new Case("x", n -> n.predict(withValue(X, 9, 3, Float.NEGATIVE_INFINITY)))
                },
                new Object[] {"x is null", new Case("x", n -> n.predict((INDArray) null))},
                new Object[] {
                    "x is empty",
                    new Case(
                            "x",
                            n -> TestData.fit(
                                    n,
                                    Nd4j.create(DataType.FLOAT, 0, 4),
                                    Nd4j.create(DataType.FLOAT, 0, 3),
                                    1,
                                    4,
                                    0.1,
                                    0))
                },
                new Object[] {
                    "x is float64 for a float32 network",
                    new Case("x", n -> n.trainStep(X.castTo(DataType.DOUBLE), Y, 0.1))
                },
                new Object[] {
                    "y has NaN", new Case("y", n -> TestData.fit(n, X, withValue(Y, 1, 1, Float.NaN), 1, 4, 0.1, 0))
                },
                new Object[] {
                    "y has Inf", new Case("y", n -> n.trainStep(X, withValue(Y, 1, 1, Float.POSITIVE_INFINITY), 0.1))
                },
                new Object[] {
                    "y has the wrong width",
                    new Case("y", n -> TestData.fit(n, X, TestData.oneHot(DataType.FLOAT, 10, 4, 2), 1, 4, 0.1, 0))
                },
                new Object[] {
                    "y has the wrong row count",
                    new Case("y", n -> TestData.fit(n, X, TestData.oneHot(DataType.FLOAT, 9, 3, 2), 1, 4, 0.1, 0))
                },
                new Object[] {"y is not one-hot", new Case("y", n -> n.trainStep(X, withValue(Y, 0, 0, 2f), 0.1))},
                new Object[] {
                    "y rows do not sum to 1",
                    new Case("y", n -> TestData.fit(n, X, Nd4j.zeros(DataType.FLOAT, 10, 3), 1, 4, 0.1, 0))
                },
                new Object[] {"y is null", new Case("y", n -> n.loss(X, null))},
                new Object[] {"batch size 0", new Case("batchSize", n -> TestData.fit(n, X, Y, 1, 0, 0.1, 0))},
                new Object[] {"batch size negative", new Case("batchSize", n -> TestData.fit(n, X, Y, 1, -3, 0.1, 0))},
                new Object[] {"learning rate 0", new Case("learningRate", n -> TestData.fit(n, X, Y, 1, 4, 0.0, 0))},
                new Object[] {"learning rate negative", new Case("learningRate", n -> n.trainStep(X, Y, -0.1))},
                new Object[] {
                    "learning rate NaN", new Case("learningRate", n -> TestData.fit(n, X, Y, 1, 4, Double.NaN, 0))
                },
                new Object[] {
                    "learning rate infinite",
                    new Case("learningRate", n -> TestData.fit(n, X, Y, 1, 4, Double.POSITIVE_INFINITY, 0))
                },
                new Object[] {"epochs negative", new Case("epochs", n -> TestData.fit(n, X, Y, -1, 4, 0.1, 0))});
        return c.stream().map(o -> Arguments.of(Named.of((String) o[0], o[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithANamedArgumentAndTheModelUnchanged(Case c) {
        Network net = network();
        var before = TestData.snapshot(net);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> c.call().apply(net));
        assertTrue(
                e.getMessage().contains(c.argument()), "message should name " + c.argument() + ": " + e.getMessage());
        assertTrue(TestData.bitIdentical(before, TestData.snapshot(net)), "parameters changed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theNetworkStillWorksAfterwards(Case c) {
        Network net = network();
        assertThrows(IllegalArgumentException.class, () -> c.call().apply(net));
        double loss = net.trainStep(X, Y, 0.1);
        assertTrue(Double.isFinite(loss));
    }

    @org.junit.jupiter.api.Test
    void builderRejectsMismatchedLayersNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(4, 8))
                .add(new Dense(3, 2))
                .loss(Loss.mse())
                .build());
        assertTrue(
                e.getMessage().contains("Dense(4→8)")
                        && e.getMessage().contains("Dense(3→2)")
                        && e.getMessage().contains("8")
                        && e.getMessage().contains("3"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder().loss(Loss.mse()).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder().add(new Dense(1, 1)).build());
        assertThrows(IllegalArgumentException.class, () -> Network.builder().dataType(DataType.INT32));
        Dense shared = new Dense(2, 2);
        Network first = Network.builder().add(shared).loss(Loss.mse()).build();
        // a built layer can start another network of its type (transfer learning: shared, as in Keras)...
        Network second = Network.builder().add(shared).loss(Loss.mse()).build();
        org.junit.jupiter.api.Assertions.assertSame(
                first.parameters().get(0).value(), second.parameters().get(0).value());
        // ...but not one of another type
        assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .dataType(DataType.DOUBLE)
                .add(shared)
                .loss(Loss.mse())
                .build());
    }
}
