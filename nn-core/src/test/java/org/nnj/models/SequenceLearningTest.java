package org.nnj.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.losses.SparseSoftmaxCrossEntropy;
import org.nnj.optim.Adam;

/** An Embedding + pooling + Dense classifier learns whether a sequence contains token 3. */
class SequenceLearningTest {
    /** Half the sequences hold a 3 at a random step, half hold none; label 1 if they hold one. */
    private static INDArray[] data(int rows, int time, int vocabulary, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[rows][time];
        double[][] y = new double[rows][1];
        for (int n = 0; n < rows; n++) {
            for (int t = 0; t < time; t++) {
                int id = r.nextInt(vocabulary - 1);
                x[n][t] = id >= 3 ? id + 1 : id; // any token but 3
            }
            if (n % 2 == 0) {
                x[n][r.nextInt(time)] = 3;
                y[n][0] = 1;
            }
        }
        return new INDArray[] {
            Nd4j.createFromArray(x).castTo(DataType.FLOAT),
            Nd4j.createFromArray(y).castTo(DataType.FLOAT)
        };
    }

    @Test
    void learnsWhetherASequenceContainsToken3() {
        int time = 8;
        int vocabulary = 8;
        SparseSoftmaxCrossEntropy loss = new SparseSoftmaxCrossEntropy(2);
        Network net = Network.builder()
                .seed(7)
                .add(new Embedding(vocabulary, 8, time))
                .add(GlobalTimePooling.max(time, 8))
                .add(new Dense(8, 2))
                .loss(loss)
                .build();
        INDArray[] train = data(512, time, vocabulary, 1);
        INDArray[] test = data(400, time, vocabulary, 2);
        Adam adam = new Adam(0.02);
        for (int epoch = 0; epoch < 40; epoch++) {
            for (int b = 0; b < 512; b += 64) {
                INDArray xb = train[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 64))
                        .dup();
                INDArray yb = train[1].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 64))
                        .dup();
                net.trainStep(xb, yb, adam);
            }
        }
        double accuracy = loss.accuracy(net.predict(test[0]), test[1]);
        assertTrue(accuracy > 0.95, "test accuracy " + accuracy);
    }

    @Test
    void theTrainerFitsIntegerTargetsToo() {
        SparseSoftmaxCrossEntropy loss = new SparseSoftmaxCrossEntropy(2);
        Network net = Network.builder()
                .seed(8)
                .add(new Embedding(8, 8, 8))
                .add(GlobalTimePooling.max(8, 8))
                .add(new Dense(8, 2))
                .loss(loss)
                .build();
        INDArray[] train = data(512, 8, 8, 3);
        org.nnj.models.History h = org.nnj.train.Trainer.builder()
                .epochs(40)
                .batchSize(64)
                .optimizer(new Adam(0.02))
                .progressBar(false)
                .build()
                .fit(net, train[0], train[1]);
        INDArray[] test = data(400, 8, 8, 4);
        double accuracy = loss.accuracy(net.predict(test[0]), test[1]);
        assertTrue(accuracy > 0.95, "test accuracy " + accuracy + " after " + h);
    }
}
