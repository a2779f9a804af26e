package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

/** predict on one trained network from 8 threads at once returns exactly what serial calls return. */
class ConcurrencyTest {
    @Test
    void eightThreadsPredictExactlyAsSerialCalls() throws Exception {
        Network net = Network.builder()
                .seed(4)
                .add(new Dense(20, 64, Activation.relu()))
                .add(new Dropout(64, 0.3))
                .add(new Dense(64, 5))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        Trainer.builder()
                .epochs(2)
                .batchSize(16)
                .optimizer(new Adam(0.01))
                .progressBar(false)
                .build()
                .fit(net, TestData.gaussian(DataType.FLOAT, 200, 20, 1, 1), TestData.oneHot(DataType.FLOAT, 200, 5, 2));
        int threads = 8;
        List<INDArray> inputs = new ArrayList<>();
        List<float[]> serial = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int batch = 1 + (i % 6) * 13; // several batch sizes, so threads also create workspaces concurrently
            INDArray x = TestData.gaussian(DataType.FLOAT, batch, 20, 1, 100 + i);
            inputs.add(x);
            serial.add(net.predict(x).reshape(-1).toFloatVector());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<float[]>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int offset = t;
            futures.add(pool.submit(() -> {
                start.await();
                List<float[]> out = new ArrayList<>();
                for (int rep = 0; rep < 20; rep++) {
                    for (int i = 0; i < inputs.size(); i++) {
                        int k = (i + offset * 5) % inputs.size();
                        out.add(net.predict(inputs.get(k)).reshape(-1).toFloatVector());
                    }
                }
                return out;
            }));
        }
        start.countDown();
        for (int t = 0; t < threads; t++) {
            List<float[]> got = futures.get(t).get();
            for (int j = 0; j < got.size(); j++) {
                int k = (j % inputs.size() + t * 5) % inputs.size();
                assertArrayEquals(serial.get(k), got.get(j), "thread " + t + ", call " + j);
            }
        }
        pool.shutdown();
    }
}
