package org.nnj.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;

/**
 * An LSTM and a GRU learn small sequence tasks to high held-out accuracy: the sign of a sequence's sum
 * (every step counts), and the sign of its first value (remembered over the steps after it).
 */
class RecurrentLearningTest {
    private static final int TIME = 10;

    /** {x, one-hot y}: N(0, 1) sequences, class 1 if the sum (or the first value) is positive. */
    private static INDArray[] task(String task, int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][TIME];
        double[][] y = new double[n][2];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int t = 0; t < TIME; t++) {
                x[i][t] = r.nextGaussian();
                sum += x[i][t];
            }
            double key = task.equals("sum-sign") ? sum : x[i][0];
            y[i][key > 0 ? 1 : 0] = 1;
        }
        return new INDArray[] {
            Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT)
        };
    }

    @ParameterizedTest(name = "{0} learns {1}")
    @CsvSource({"lstm, sum-sign", "gru, sum-sign", "lstm, copy-first", "gru, copy-first"})
    void learnsASequenceTask(String kind, String task) {
        SequenceShape in = new SequenceShape(TIME, 1);
        Network net = Network.builder()
                .seed(2)
                .add(RecurrentFixtures.cell(kind, in, 8, false))
                .add(new Dense(8, 2))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        INDArray[] train = task(task, 2000, 1);
        INDArray[] test = task(task, 500, 2);
        Adam adam = new Adam(0.01);
        int batch = 50;
        for (int epoch = 0; epoch < 30; epoch++) {
            for (int from = 0; from < 2000; from += batch) {
                INDArray xb = train[0].get(
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch),
                                org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .dup();
                INDArray yb = train[1].get(
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + batch),
                                org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .dup();
                net.trainStep(xb, yb, adam);
            }
        }
        INDArray p = net.predict(test[0]);
        int right = 0;
        for (int i = 0; i < 500; i++) {
            int predicted = p.getDouble(i, 1) > p.getDouble(i, 0) ? 1 : 0;
            right += test[1].getDouble(i, predicted) == 1 ? 1 : 0;
        }
        double accuracy = right / 500.0;
        assertTrue(accuracy > 0.95, kind + " on " + task + ": held-out accuracy " + accuracy);
    }
}
