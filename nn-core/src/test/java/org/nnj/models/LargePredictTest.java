package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;

/**
 * predict on more rows than one block ({@link Network#PREDICT_BLOCK}) goes through in blocks: every row
 * gets what it gets when predicted in a small batch, and the output has every row once, in order.
 */
class LargePredictTest {
    @Test
    void blockedPredictionsEqualSmallBatchPredictions() {
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .add(new Dense(12, 32, Activation.tanh()))
                .add(new Dropout(32, 0.5)) // inference: off in every block
                .add(new Dense(32, 4))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        int rows = 2 * Network.PREDICT_BLOCK + 377; // two full blocks and a short one
        INDArray x = TestData.gaussian(DataType.DOUBLE, rows, 12, 1, 9);
        INDArray all = net.predict(x);
        assertEquals(rows, all.rows());
        assertEquals(4, all.columns());
        for (int first = 0; first < rows; first += 100) {
            int last = Math.min(rows, first + 100);
            INDArray slice = x.get(NDArrayIndex.interval(first, last), NDArrayIndex.all());
            INDArray expected = net.predict(slice.dup());
            INDArray actual = all.get(NDArrayIndex.interval(first, last), NDArrayIndex.all());
            assertArrayEquals(expected.data().asDouble(), actual.dup().data().asDouble(), 1e-12, "rows " + first);
        }
        INDArray sums = all.sum(1);
        for (int i = 0; i < rows; i++) {
            assertEquals(1.0, sums.getDouble(i), 1e-12); // the softmax link applied to every block
        }
    }
}
