package org.nnj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.ClassWeights;
import org.nnj.layers.Dense;
import org.nnj.models.Network;
import org.nnj.train.GradientCheck;

/** Class weights in softmax cross-entropy: balanced weights, values by hand, a gradient check. */
class ClassWeightsTest {
    @Test
    void balancedWeightsAreNOverKTimesTheClassCount() {
        // 6 examples, 3 classes with counts 3, 2, 1: w = 6 / (3 * [3, 2, 1]) = [2/3, 1, 2]
        assertArrayEquals(new double[] {2.0 / 3, 1, 2}, ClassWeights.balanced(new int[] {0, 0, 0, 1, 1, 2}, 3), 1e-15);
        assertArrayEquals(new double[] {0.5, 0}, ClassWeights.balanced(new int[] {0, 0}, 2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.balanced(new int[] {3}, 2));
    }

    @Test
    void eachExampleIsScaledByItsClassWeight() {
        INDArray z = Nd4j.createFromArray(new double[][] {{1, 2, 0}, {0, 0, 3}});
        INDArray y = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {1, 0, 0}});
        SoftmaxCrossEntropy plain = new SoftmaxCrossEntropy();
        SoftmaxCrossEntropy weighted = plain.withClassWeights(new double[] {3, 0.5, 1});
        // per-row cross-entropies of the plain loss
        double ce0 = Math.log(Math.exp(1) + Math.exp(2) + 1) - 2;
        double ce1 = Math.log(1 + 1 + Math.exp(3)) - 0;
        assertEquals((ce0 + ce1) / 2, plain.value(z, y), 1e-12);
        assertEquals((0.5 * ce0 + 3 * ce1) / 2, weighted.value(z, y), 1e-12);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        INDArray gPlain = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        weighted.valueAndGradient(z, y, g);
        plain.valueAndGradient(z, y, gPlain);
        assertEquals(0.5 * gPlain.getDouble(0, 1), g.getDouble(0, 1), 1e-12);
        assertEquals(3 * gPlain.getDouble(1, 2), g.getDouble(1, 2), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> weighted.value(Nd4j.zeros(DataType.DOUBLE, 1, 2), Nd4j.createFromArray(new double[][] {{1, 0}})));
        assertThrows(IllegalArgumentException.class, () -> plain.withClassWeights(new double[] {1, -1}));
    }

    @Test
    void gradientCheck() {
        Network net = Network.builder()
                .seed(4)
                .dataType(DataType.DOUBLE)
                .add(new Dense(4, 6, Activation.tanh()))
                .add(new Dense(6, 3))
                .loss(new SoftmaxCrossEntropy().withClassWeights(new double[] {0.3, 2, 1.1}))
                .build();
        INDArray x = TestData.gaussian(DataType.DOUBLE, 7, 4, 1, 1);
        INDArray y = TestData.oneHot(DataType.DOUBLE, 7, 3, 2);
        Map<String, Double> result = GradientCheck.check(net, x, y);
        assertTrue(GradientCheck.worst(result) < 1e-6, result.toString());
    }

    @Test
    void binaryCrossEntropyWeightsEachSideAndPassesAGradientCheck() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.8}, {0.3}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1}, {0}});
        BinaryCrossEntropy weighted = BinaryCrossEntropy.onProbabilities().withClassWeights(new double[] {0.5, 4});
        assertEquals((-4 * Math.log(0.8) - 0.5 * Math.log(0.7)) / 2, weighted.value(p, y), 1e-12);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        weighted.valueAndGradient(p, y, g);
        assertEquals(-4 / 0.8 / 2, g.getDouble(0, 0), 1e-12);
        assertEquals(0.5 / 0.7 / 2, g.getDouble(1, 0), 1e-12);
        INDArray ones = Nd4j.createFromArray(new double[] {1, 1});
        assertEquals(
                BinaryCrossEntropy.fromLogits().value(p, y),
                BinaryCrossEntropy.fromLogits()
                        .withClassWeights(ones.toDoubleVector())
                        .value(p, y),
                1e-12);
        for (BinaryCrossEntropy loss : new BinaryCrossEntropy[] {
            BinaryCrossEntropy.fromLogits().withClassWeights(new double[] {0.2, 3}),
            BinaryCrossEntropy.onProbabilities().withClassWeights(new double[] {1.5, 0.7})
        }) {
            Network net = Network.builder()
                    .seed(6)
                    .dataType(DataType.DOUBLE)
                    .add(new Dense(3, 4, Activation.tanh()))
                    .add(new Dense(4, 1, loss.isFromLogits() ? Activation.identity() : Activation.sigmoid()))
                    .loss(loss)
                    .build();
            INDArray x = TestData.gaussian(DataType.DOUBLE, 8, 3, 1, 3);
            INDArray t = TestData.oneHot(DataType.DOUBLE, 8, 2, 4).getColumn(1).reshape(8, 1);
            Map<String, Double> result = GradientCheck.check(net, x, t);
            assertTrue(GradientCheck.worst(result) < 1e-6, loss + " " + result);
        }
    }
}
