package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.kernels.Allocations;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/**
 * The recurrent layers in the engine: training steps allocate no INDArray after the first at a batch
 * size (gates and states live in buffers per batch size), and predictions from many threads at once
 * agree with a single thread's (inference writes no layer state).
 */
class RecurrentEngineTest {
    private static Network network() {
        SequenceShape in = new SequenceShape(6, 4);
        return Network.builder()
                .seed(1)
                .add(new Bidirectional(new LSTM(in, 5, true)))
                .add(new GRU(new SequenceShape(6, 10), 4, true))
                .add(new SimpleRNN(new SequenceShape(6, 4), 3, false))
                .add(new org.nnj.layers.Dense(3, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    @Test
    void trainingStepsAllocateNothingAfterWarmUp() {
        Network net = network();
        INDArray x = TestData.gaussian(DataType.FLOAT, 16, 24, 1, 1);
        INDArray y = TestData.oneHot(DataType.FLOAT, 16, 2, 2);
        INDArray x2 = TestData.gaussian(DataType.FLOAT, 5, 24, 1, 3);
        INDArray y2 = TestData.oneHot(DataType.FLOAT, 5, 2, 4);
        Adam adam = new Adam(0.01);
        net.trainStep(x, y, adam);
        net.trainStep(x2, y2, adam); // a second batch size gets buffers of its own
        long before = Allocations.count();
        for (int i = 0; i < 20; i++) {
            net.trainStep(x, y, adam);
            net.trainStep(x2, y2, adam);
        }
        assertEquals(before, Allocations.count());
    }

    @Test
    void concurrentPredictionsAgreeWithOneThread() throws Exception {
        Network net = network();
        List<INDArray> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            INDArray x = TestData.gaussian(DataType.FLOAT, 1 + i % 3, 24, 1, 10 + i);
            inputs.add(x);
            expected.add(net.predict(x).data().asFloat());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                for (INDArray x : inputs) {
                    results.add(pool.submit(() -> net.predict(x).data().asFloat()));
                }
            }
            for (int k = 0; k < results.size(); k++) {
                assertArrayEquals(
                        expected.get(k % inputs.size()), results.get(k).get(), "prediction " + k);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void maskedForwardChecksItsMask() {
        LSTM lstm = new LSTM(new SequenceShape(3, 2), 2, true);
        lstm.build(DataType.FLOAT, new java.util.Random(1));
        INDArray x = TestData.gaussian(DataType.FLOAT, 2, 6, 1, 1);
        IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> lstm.forward(x, org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, 2, 4)));
        org.junit.jupiter.api.Assertions.assertTrue(
                shape.getMessage().contains("LSTM")
                        && shape.getMessage().contains("[2, 3]")
                        && shape.getMessage().contains("[2, 4]"),
                shape.getMessage());
        INDArray half = org.nd4j.linalg.factory.Nd4j.ones(DataType.FLOAT, 2, 3).muli(0.5);
        IllegalArgumentException values = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> lstm.forward(x, half));
        org.junit.jupiter.api.Assertions.assertTrue(values.getMessage().contains("0.5"), values.getMessage());
        INDArray mask = org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 1, 0}, {0, 1, 1}});
        INDArray out = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 6);
        lstm.forward(new INDArray[] {x, mask}, out, false);
        assertArrayEquals(out.data().asFloat(), lstm.forward(x, mask).data().asFloat());
        Bidirectional bi = new Bidirectional(new GRU(new SequenceShape(3, 2), 2, false));
        bi.build(DataType.FLOAT, new java.util.Random(2));
        INDArray biOut = org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 2, 4);
        bi.forward(new INDArray[] {x, mask}, biOut, false);
        assertArrayEquals(biOut.data().asFloat(), bi.forward(x, mask).data().asFloat());
    }
}
