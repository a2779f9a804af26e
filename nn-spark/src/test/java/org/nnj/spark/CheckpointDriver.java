package org.nnj.spark;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.data.Dataset;
import org.nnj.optim.SGD;

/** A training driver for {@link SparkTrainerTest}: checkpoints every epoch until it is killed. */
public final class CheckpointDriver {
    static final int EPOCHS = 100_000;

    private CheckpointDriver() {}

    static Dataset data() {
        return SparkTrainerTest.blobs(64, DataType.DOUBLE, 8);
    }

    public static void main(String[] args) {
        JavaSparkContext sc = LocalSpark.start(2, 1);
        try {
            SparkTrainer.builder()
                    .epochs(EPOCHS)
                    .batchSize(16)
                    .optimizer(new SGD(0.1))
                    .seed(11)
                    .checkpointEvery(1, Path.of(args[0]))
                    .build()
                    .fit(SparkTrainerTest.net(DataType.DOUBLE, 9), Example.parallelize(sc, data(), 2));
        } finally {
            sc.stop();
        }
    }
}
