package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.layers.Dense;
import org.nnj.layers.GRU;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.LSTM;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.SequenceShape;
import org.nnj.losses.Loss;
import org.nnj.train.GradientCheck;

/**
 * Sequence layers reading their padding mask through the graph engine: a padded sequence gives exactly
 * the loss of the unpadded one, and the parameter gradients of a masked graph match finite differences.
 */
class MaskedGraphTest {
    static final int T = 5;

    /** x [T, 3] and its mask [T]: LSTM (every step, masked) → attention (masked) → GRU (last, masked) → Dense. */
    static Network net(int time, long seed) {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", time, 3);
        Node mask = g.input("mask", time);
        Node h = g.apply(new LSTM(new SequenceShape(time, 3), 4, true), x, mask);
        Node a = g.apply(new MultiHeadAttention(time, 4, 2), h, mask);
        Node last = g.apply(new GRU(new SequenceShape(time, 4), 3, false), a, mask);
        Node pooled = g.apply(GlobalTimePooling.average(time, 4), a, mask);
        g.output("y", g.apply(new Dense(7, 2), g.concatenate(last, pooled)), Loss.softmaxCrossEntropy());
        return g.dataType(DataType.DOUBLE).seed(seed).build();
    }

    @Test
    void aPaddedBatchHasTheLossOfItsUnpaddedRows() {
        Network padded = net(T, 1);
        Network exact = net(3, 1); // the same parameters: shapes differ only in time
        for (int i = 0; i < padded.parameters().size(); i++) {
            exact.parameters().get(i).value().assign(padded.parameters().get(i).value());
        }
        INDArray xs = TestData.gaussian(DataType.DOUBLE, 1, 3 * 3, 1, 2);
        INDArray y = TestData.oneHot(DataType.DOUBLE, 1, 2, 3);
        INDArray xp = Nd4j.zeros(DataType.DOUBLE, 1, T * 3);
        for (int c = 0; c < 9; c++) {
            xp.putScalar(0, c, xs.getDouble(0, c));
        }
        xp.putScalar(0, 10, 7.0); // garbage at a padded step must not matter
        INDArray mp = Nd4j.createFromArray(new double[][] {{1, 1, 1, 0, 0}});
        INDArray me = Nd4j.createFromArray(new double[][] {{1, 1, 1}});
        double lp = padded.loss(
                padded.dataset(Map.of("x", xp, "mask", mp), Map.of("y", y)).features(), y);
        double le = exact.loss(
                exact.dataset(Map.of("x", xs, "mask", me), Map.of("y", y)).features(), y);
        assertEquals(le, lp, 1e-12);
    }

    @Test
    void parameterGradientsOfAMaskedGraphMatchFiniteDifferences() {
        Network net = net(T, 4);
        INDArray x = TestData.gaussian(DataType.DOUBLE, 3, T * 3, 1, 5);
        INDArray m = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}, {1, 0, 0, 0, 0}});
        INDArray y = TestData.oneHot(DataType.DOUBLE, 3, 2, 6);
        Map<String, Double> errors = GradientCheck.check(net, Nd4j.hstack(x, m), y);
        errors.remove("input"); // the mask columns are not differentiable
        assertTrue(GradientCheck.worst(errors) < 1e-6, errors.toString());
    }
}
