package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.SequenceShape;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.train.GradientCheck;

/** The output rules for per-step losses, and the parameter-only gradient check for token inputs. */
class SequenceRulesTest {
    @Test
    void aSoftmaxBeforeTheSparseSoftmaxLossIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder()
                .add(new TimeDistributed(new Dense(4, 3, Activation.softmax()), 2))
                .loss(new SparseSoftmaxCrossEntropy(3))
                .build());
        assertTrue(e.getMessage().contains("softmax twice"), e.getMessage());
    }

    @Test
    void tokenNetworksAreGradientCheckedOnTheirParameters() {
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(2)
                .add(new Embedding(7, 3, 4).withPaddingId(0))
                .add(new TimeDistributed(new Dense(3, 5, Activation.gelu()), 4))
                .loss(new SparseSoftmaxCrossEntropy(5).ignoring(-1))
                .build();
        INDArray ids = Nd4j.createFromArray(new double[][] {{1, 2, 6, 0}, {3, 3, 0, 0}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{2, 4, 1, -1}, {0, 3, -1, -1}});
        Map<String, Double> errors = GradientCheck.checkParameters(net, ids, targets);
        assertTrue(!errors.containsKey("input") && errors.size() == 3, errors.toString());
        assertTrue(GradientCheck.worst(errors) < 1e-6, errors.toString());
        new SequenceShape(4, 3); // the layout the embedding writes: 4 steps of 3 values
    }
}
