package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Layer;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.optim.Adam;
import org.nnj.optim.SGD;

/** Frozen layers and layers shared with a trained network (issue 30, transfer learning). */
class FreezeTest {
    static final INDArray X = TestData.gaussian(DataType.DOUBLE, 64, 6, 1, 1);
    static final INDArray Y = TestData.gaussian(DataType.DOUBLE, 64, 2, 1, 2);

    static Network trunkAndHead(boolean batchNorm, int freezeTo) {
        Network.Builder b = Network.builder().seed(3).dataType(DataType.DOUBLE);
        b.add(new Dense(6, 8, Activation.tanh()));
        if (batchNorm) {
            b.add(new BatchNormalization(8));
        }
        b.add(new Dense(8, 8, Activation.tanh())).add(new Dense(8, 2)).loss(Loss.mse());
        if (freezeTo > 0) {
            b.freeze(0, freezeTo);
        }
        return b.build();
    }

    static double[] values(Parameter p) {
        return p.value().dup().data().asDouble();
    }

    @Test
    void frozenLayersKeepTheirValuesAndTheHeadGetsTheSameGradientAsUnfrozen() {
        Network frozen = trunkAndHead(false, 2);
        Network reference = trunkAndHead(false, 0);
        assertEquals(2, frozen.trainableParameters().size());
        assertEquals(
                List.of("layer2.weight", "layer2.bias"),
                frozen.trainableParameters().stream().map(Parameter::name).toList());
        double[][] before = frozen.parameters().stream().map(FreezeTest::values).toArray(double[][]::new);
        // the trunk's gradients are never written: no backpropagation through a frozen trunk
        frozen.parameters().get(0).gradient().assign(7);
        reference.lossAndGradients(X, Y);
        frozen.trainStep(X, Y, new Adam(0.05));
        assertEquals(7.0, frozen.parameters().get(0).gradient().getDouble(0, 0));
        for (int p = 0; p < 4; p++) {
            assertArrayEquals(before[p], values(frozen.parameters().get(p)), "trunk parameter " + p);
        }
        assertArrayEquals(
                reference.parameters().get(4).gradient().data().asDouble(),
                frozen.parameters().get(4).gradient().data().asDouble(),
                "the head's gradient");
        assertNotEquals(before[4][0], values(frozen.parameters().get(4))[0]);
    }

    @Test
    void aFrozenTrunkRunsInInferenceModeAndKeepsItsRunningStatistics() {
        Network pre = trunkAndHead(true, 0);
        for (int i = 0; i < 20; i++) {
            pre.trainStep(X, Y, new SGD(0.05));
        }
        BatchNormalization bn = (BatchNormalization) pre.layer(1);
        double[] mean = bn.runningMean().dup().data().asDouble();
        Network tuned = Network.builder()
                .dataType(DataType.DOUBLE)
                .add(pre.layer(0))
                .add(pre.layer(1))
                .add(new Dense(8, 2))
                .freeze(0, 2)
                .loss(Loss.mse())
                .build();
        assertSame(pre.layer(0), tuned.layer(0));
        INDArray trunkOut = pre.predict(X);
        Adam adam = new Adam(0.01);
        for (int i = 0; i < 10; i++) {
            tuned.trainStep(X, Y, adam);
        }
        assertArrayEquals(mean, bn.runningMean().data().asDouble(), "running mean of a frozen trunk");
        // and the shared trunk still gives the old network the same predictions
        assertArrayEquals(trunkOut.data().asDouble(), pre.predict(X).data().asDouble());
    }

    @Test
    void aFrozenLayerBetweenTrainableOnesPassesTheGradientThrough() {
        Network middle = Network.builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .add(new Dense(6, 8, Activation.tanh()))
                .add(new Dense(8, 8, Activation.tanh()))
                .add(new Dense(8, 2))
                .freeze(1, 2)
                .loss(Loss.mse())
                .build();
        Network reference = trunkAndHead(false, 0);
        middle.trainStep(X, Y, new SGD(0.1));
        reference.lossAndGradients(X, Y);
        assertArrayEquals(
                reference.parameters().get(0).gradient().data().asDouble(),
                middle.parameters().get(0).gradient().data().asDouble());
        assertArrayEquals(
                values(reference.parameters().get(2)),
                values(middle.parameters().get(2)),
                "the frozen middle layer");
    }

    @Test
    void badFreezesAndSharesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Network.builder().freeze(2, 2));
        assertThrows(IllegalArgumentException.class, () -> Network.builder().freeze(-1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new Dense(6, 2))
                .freeze(0, 3)
                .loss(Loss.mse())
                .build());
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
        Network all = trunkAndHead(false, 3);
        e = assertThrows(IllegalArgumentException.class, () -> all.trainStep(X, Y, new SGD(0.1)));
        assertTrue(e.getMessage().contains("frozen"), e.getMessage());
        Layer doubleLayer = trunkAndHead(false, 0).layer(0);
        e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(doubleLayer)
                .add(new Dense(8, 2))
                .loss(Loss.mse())
                .build());
        assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
        Dense twice = new Dense(4, 4);
        assertThrows(
                IllegalArgumentException.class,
                () -> Network.builder().add(twice).add(twice).loss(Loss.mse()).build());
        // dropout in a frozen trunk is off: two steps see the same trunk output
        Network withDropout = Network.builder()
                .seed(1)
                .dataType(DataType.DOUBLE)
                .add(new Dense(6, 8))
                .add(new Dropout(8, 0.5))
                .add(new Dense(8, 2))
                .freeze(0, 2)
                .loss(Loss.mse())
                .build();
        double a = withDropout.lossAndGradients(X, Y);
        double b = withDropout.lossAndGradients(X, Y);
        assertEquals(a, b);
    }
}
