package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.kernels.Allocations;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.optim.SGD;
import org.nnj.train.Trainer;
import org.nnj.train.TrainingListener;

/** After the first step at a batch size, training allocates no INDArray (counted in the kernel layer). */
class AllocationTest {
    @Test
    void tinyPerSampleStepsAllocateNothingAfterWarmUp() {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(2, 3, Activation.leakyRelu(0.01)))
                .add(new Dense(3, 2))
                .loss(Loss.mse())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 1, 2, 1, 1);
        INDArray y = TestData.gaussian(DataType.FLOAT, 1, 2, 1, 2);
        SGD sgd = new SGD(0.05);
        net.trainStep(x, y, sgd);
        long before = Allocations.count();
        for (int i = 0; i < 1000; i++) {
            net.trainStep(x, y, sgd);
        }
        assertEquals(before, Allocations.count());
    }

    @Test
    void mlpMinibatchStepsAllocateNothingAfterWarmUp() {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(784, 64, Activation.relu(), Initializer.he()))
                .add(new Dense(64, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 128, 784, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 128, 10, 2);
        SGD sgd = new SGD(0.01);
        net.trainStep(x, y, sgd);
        long before = Allocations.count();
        for (int i = 0; i < 20; i++) {
            net.trainStep(x, y, sgd);
        }
        assertEquals(before, Allocations.count());
    }

    @Test
    void fitAllocatesOnlyInItsFirstEpoch() {
        Network net = Network.builder()
                .seed(1)
                .add(new Dense(4, 8, Activation.tanh()))
                .add(new Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray x = TestData.gaussian(DataType.FLOAT, 100, 4, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 100, 3, 2);
        long[] afterEpoch = new long[6];
        TrainingListener count = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                afterEpoch[epoch] = Allocations.count();
            }
        };
        // Batches of 32 and a short last one of 4: every buffer is made in epoch 1, none after.
        Trainer.builder()
                .epochs(5)
                .batchSize(32)
                .learningRate(0.1)
                .listener(count)
                .progressBar(false)
                .build()
                .fit(net, x, y);
        assertEquals(afterEpoch[1], afterEpoch[5]);
    }

    @Test
    void theCounterSeesAllocations() {
        long before = Allocations.count();
        Network net = Network.builder().add(new Dense(2, 2)).loss(Loss.mse()).build();
        net.trainStep(
                TestData.gaussian(DataType.FLOAT, 3, 2, 1, 1), TestData.gaussian(DataType.FLOAT, 3, 2, 1, 1), 0.1);
        assertEquals(true, Allocations.count() > before);
    }
}
