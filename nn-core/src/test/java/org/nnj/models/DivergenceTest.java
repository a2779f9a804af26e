package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;

/**
 * Issue 15, item 4: after divergence the kept parameters predict finite values. Softmax cross-entropy
 * with SGD(1e10): the losses grow (finite) until a step's forward pass overflows; that step takes the
 * previous update back, so the parameters are those whose loss was last finite.
 */
class DivergenceTest {
    @Test
    void afterDivergenceTheKeptParametersPredictFiniteValues() {
        for (long seed = 1; seed <= 5; seed++) {
            Network net = Network.builder()
                    .seed(seed)
                    .add(new Dense(8, 16, Activation.relu()))
                    .add(new Dense(16, 4))
                    .loss(Loss.softmaxCrossEntropy())
                    .build();
            INDArray x = TestData.gaussian(DataType.FLOAT, 32, 8, 1, seed);
            INDArray y = TestData.oneHot(DataType.FLOAT, 32, 4, seed + 10);
            Optimizer sgd = new SGD(1e10);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> {
                for (int step = 0; step < 200; step++) {
                    net.trainStep(x, y, sgd);
                }
            });
            INDArray p = net.predict(x);
            for (int i = 0; i < p.length(); i++) {
                assertTrue(Double.isFinite(p.getDouble(i)), "seed " + seed + ": " + e.getMessage());
            }
            assertTrue(Double.isFinite(net.loss(x, y)), "seed " + seed);
        }
    }
}
