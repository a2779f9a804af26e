package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.kernels.Allocations;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.layers.SequenceData;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.optim.Adam;
import org.nnj.optim.SGD;

/** Training steps through the sequence layers allocate no INDArray after the first (as AllocationTest). */
class SequenceAllocationTest {
    @Test
    void embeddingTimeDistributedSparseSoftmaxStepsAllocateNothingAfterWarmUp() {
        Network net = Network.builder()
                .seed(1)
                .add(new Embedding(50, 16, 12).withPaddingId(0))
                .add(new TimeDistributed(new Dense(16, 50), 12))
                .loss(new SparseSoftmaxCrossEntropy(50).ignoring(0))
                .build();
        INDArray x = SequenceData.ids(DataType.FLOAT, 32, 12, 50, 1);
        INDArray y = SequenceData.ids(DataType.FLOAT, 32, 12, 50, 2);
        SGD sgd = new SGD(0.1);
        net.trainStep(x, y, sgd);
        long before = Allocations.count();
        for (int i = 0; i < 50; i++) {
            net.trainStep(x, y, sgd);
        }
        assertEquals(before, Allocations.count());
    }

    @Test
    void positionsAndPoolingStepsAllocateNothingAfterWarmUp() {
        Network net = Network.builder()
                .seed(2)
                .add(new Embedding(20, 8, 10))
                .add(new PositionalEmbedding(10, 8))
                .add(new TimeDistributed(new Dense(8, 8, Activation.relu()), 10))
                .add(GlobalTimePooling.max(10, 8))
                .add(new Dense(8, 3))
                .loss(new SparseSoftmaxCrossEntropy(3))
                .build();
        INDArray x = SequenceData.ids(DataType.FLOAT, 16, 10, 20, 3);
        INDArray y = SequenceData.ids(DataType.FLOAT, 16, 1, 3, 4);
        Adam adam = new Adam(0.01);
        net.trainStep(x, y, adam);
        long before = Allocations.count();
        for (int i = 0; i < 50; i++) {
            net.trainStep(x, y, adam);
        }
        assertEquals(before, Allocations.count());
    }
}
