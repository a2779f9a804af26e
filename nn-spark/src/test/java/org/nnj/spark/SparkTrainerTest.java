package org.nnj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.optim.Optimizer;
import org.nnj.optim.SGD;
import org.nnj.train.EarlyStopping;
import org.nnj.train.Trainer;

/** SparkTrainer on a local[2] Spark: the same parameters as Trainer, whatever the partitioning. */
class SparkTrainerTest {
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = LocalSpark.start(2, 3);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** Three noisy blobs in 4-D, one-hot labels. */
    static Dataset blobs(int n, DataType type, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][4];
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            for (int j = 0; j < 4; j++) {
                x[i][j] = (j % 3 == c ? 1.5 : 0) + r.nextGaussian();
            }
            y[i][c] = 1;
        }
        return new Dataset(
                Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type), List.of(), List.of());
    }

    static Network net(DataType type, long seed) {
        return Network.builder()
                .dataType(type)
                .seed(seed)
                .add(new Dense(4, 8, Activation.tanh(), Initializer.xavierUniform()))
                .add(new Dense(8, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    static void assertSameParameters(Network expected, Network actual, double relative) {
        List<Parameter> a = expected.parameters();
        List<Parameter> b = actual.parameters();
        assertEquals(a.size(), b.size());
        for (int p = 0; p < a.size(); p++) {
            double[] u = a.get(p).value().dup().data().asDouble();
            double[] v = b.get(p).value().dup().data().asDouble();
            for (int i = 0; i < u.length; i++) {
                double tol = relative * Math.max(Math.abs(u[i]), Math.abs(v[i])) + 1e-15;
                assertEquals(u[i], v[i], tol, a.get(p).name() + "[" + i + "]");
            }
        }
    }

    History local(Network net, Dataset data, Optimizer opt, int epochs, int batch) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(batch)
                .optimizer(opt)
                .seed(11)
                .progressBar(false)
                .build()
                .fit(net, data);
    }

    History spark(Network net, Dataset data, Optimizer opt, int epochs, int batch, int partitions) {
        return SparkTrainer.builder()
                .epochs(epochs)
                .batchSize(batch)
                .optimizer(opt)
                .seed(11)
                .build()
                .fit(net, Example.parallelize(sc, data, partitions));
    }

    @Test
    void onePartitionEqualsTheLocalTrainer() {
        Dataset data = blobs(90, DataType.DOUBLE, 1);
        Network a = net(DataType.DOUBLE, 3);
        Network b = net(DataType.DOUBLE, 3);
        History h1 = local(a, data, new Adam(0.01), 3, 16);
        History h2 = spark(b, data, new Adam(0.01), 3, 16, 1);
        assertSameParameters(a, b, 1e-12);
        assertArrayEquals(
                h1.loss().stream().mapToDouble(Double::doubleValue).toArray(),
                h2.loss().stream().mapToDouble(Double::doubleValue).toArray(),
                1e-12);
    }

    @Test
    void twoToFourPartitionsEqualSingleMachineAdamToTenDigits() {
        Dataset data = blobs(101, DataType.DOUBLE, 2); // the last minibatch is short
        Network reference = net(DataType.DOUBLE, 4);
        local(reference, data, new Adam(0.01), 4, 16);
        for (int partitions = 2; partitions <= 4; partitions++) {
            Network b = net(DataType.DOUBLE, 4);
            spark(b, data, new Adam(0.01), 4, 16, partitions);
            assertSameParameters(reference, b, 1e-10);
        }
    }

    @Test
    void float32NetworksTrainToo() {
        Dataset data = blobs(300, DataType.FLOAT, 3);
        Network b = net(DataType.FLOAT, 5);
        History h = spark(b, data, new Adam(0.01), 5, 32, 2);
        assertTrue(h.last("loss") < h.loss().get(0), h.toString());
        Network a = net(DataType.FLOAT, 5);
        local(a, data, new Adam(0.01), 5, 32);
        assertSameParameters(a, b, 1e-3);
    }

    @Test
    void oneLocalStepWithPlainSgdIsExactAndMoreStepsStillLearn() {
        Dataset data = blobs(100, DataType.DOUBLE, 20);
        Network exact = net(DataType.DOUBLE, 21);
        spark(exact, data, new SGD(0.1), 3, 16, 3);
        Network averaged = net(DataType.DOUBLE, 21);
        SparkTrainer.builder()
                .epochs(3)
                .batchSize(16)
                .seed(11)
                .localSteps(1, () -> new SGD(0.1))
                .build()
                .fit(averaged, Example.parallelize(sc, data, 3));
        assertSameParameters(exact, averaged, 1e-12);

        Network local = net(DataType.DOUBLE, 21);
        History h = SparkTrainer.builder()
                .epochs(5)
                .batchSize(16)
                .seed(11)
                .localSteps(4, () -> new Adam(0.01))
                .build()
                .fit(local, Example.parallelize(sc, data, 2));
        assertTrue(h.last("loss") < 0.8 * h.loss().get(0), h.toString());
        assertThrows(
                IllegalArgumentException.class, () -> SparkTrainer.builder().localSteps(0, () -> new SGD(0.1)));
    }

    static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();

    @Test
    void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
        Dataset data = blobs(80, DataType.DOUBLE, 6);
        Network undisturbed = net(DataType.DOUBLE, 7);
        spark(undisturbed, data, new Adam(0.01), 2, 16, 2);

        // Every step reads the cached data through this map; its first attempt in one task fails once.
        FAIL_ONCE.set(true);
        JavaRDD<Example> flaky = Example.parallelize(sc, data, 2).map(e -> {
            if (TaskContext.get().attemptNumber() == 0 && FAIL_ONCE.getAndSet(false)) {
                throw new IllegalStateException("injected task failure");
            }
            return e;
        });
        Network disturbed = net(DataType.DOUBLE, 7);
        SparkTrainer.builder()
                .epochs(2)
                .batchSize(16)
                .optimizer(new Adam(0.01))
                .seed(11)
                .build()
                .fit(disturbed, flaky);
        assertTrue(!FAIL_ONCE.get(), "the failure was injected");
        assertSameParameters(undisturbed, disturbed, 0);
    }

    @Test
    void checkpointsResumeWhereTheRunStopped(@TempDir Path dir) throws Exception {
        Dataset data = blobs(64, DataType.DOUBLE, 8);
        Network uninterrupted = net(DataType.DOUBLE, 9);
        spark(uninterrupted, data, new SGD(0.1), 4, 16, 2);

        Path ckpt = dir.resolve("ckpt.nnj");
        Network first = net(DataType.DOUBLE, 9);
        SparkTrainer.builder()
                .epochs(2)
                .batchSize(16)
                .optimizer(new SGD(0.1))
                .seed(11)
                .checkpointEvery(1, ckpt)
                .build()
                .fit(first, Example.parallelize(sc, data, 2));
        assertEquals(2, SparkTrainer.checkpointEpoch(ckpt));
        Network resumed = net(DataType.DOUBLE, 123); // other initial values: the checkpoint overwrites them
        History h = SparkTrainer.builder()
                .epochs(4)
                .batchSize(16)
                .optimizer(new SGD(0.1)) // plain SGD has no state, so resuming is exact
                .seed(11)
                .resumeFrom(ckpt)
                .build()
                .fit(resumed, Example.parallelize(sc, data, 2));
        assertEquals(2, h.epochs(), "epochs 3 and 4");
        assertSameParameters(uninterrupted, resumed, 1e-12);
    }

    @Test
    void adamResumesExactlyFromTheTrainersCheckpointFormat(@TempDir Path dir) throws Exception {
        Dataset data = blobs(64, DataType.DOUBLE, 8);
        Network uninterrupted = net(DataType.DOUBLE, 9);
        spark(uninterrupted, data, new Adam(0.05), 4, 16, 2);

        Path ckpt = dir.resolve("adam.ckpt");
        SparkTrainer.builder()
                .epochs(2)
                .batchSize(16)
                .optimizer(new Adam(0.05))
                .seed(11)
                .checkpointEvery(1, ckpt)
                .build()
                .fit(net(DataType.DOUBLE, 9), Example.parallelize(sc, data, 2));
        org.nnj.io.Checkpoint c = org.nnj.io.ModelFile.loadCheckpoint(ckpt); // the format Trainer.backup writes
        assertEquals(2, c.epoch());
        assertEquals("Adam", c.optimizer().optimizer());
        assertTrue(c.optimizer().steps() > 0);
        Network resumed = net(DataType.DOUBLE, 123);
        SparkTrainer.builder()
                .epochs(4)
                .batchSize(16)
                .optimizer(new Adam(0.05)) // its moments and step count come from the checkpoint
                .seed(11)
                .resumeFrom(ckpt)
                .build()
                .fit(resumed, Example.parallelize(sc, data, 2));
        assertSameParameters(uninterrupted, resumed, 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder()
                .epochs(4)
                .batchSize(16)
                .optimizer(new SGD(0.05))
                .seed(11)
                .resumeFrom(ckpt)
                .build()
                .fit(net(DataType.DOUBLE, 1), Example.parallelize(sc, data, 2)));
        assertTrue(e.getMessage().contains("Adam"), e.getMessage());
    }

    /** The driver JVM is killed mid-training; a new driver resumes from the last checkpoint. */
    @Test
    void aKilledDriverResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt.nnj");
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        for (String o : System.getProperty("spark.jvm.options", "").split(" ")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CheckpointDriver.class.getName()));
        cmd.add(ckpt.toString());
        Process child = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile())
                .start();
        int reached;
        try {
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(ckpt) && SparkTrainer.checkpointEpoch(ckpt) >= 3)
                    && System.nanoTime() < end
                    && child.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(
                    child.isAlive(), "the driver was still training: " + Files.readString(dir.resolve("driver.log")));
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly(); // kill -9 mid-training
            child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        reached = SparkTrainer.checkpointEpoch(ckpt);
        assertTrue(reached >= 3 && reached < CheckpointDriver.EPOCHS, "checkpoint at epoch " + reached);

        int total = reached + 2;
        Network resumed = net(DataType.DOUBLE, 99);
        History h = SparkTrainer.builder()
                .epochs(total)
                .batchSize(16)
                .optimizer(new SGD(0.1))
                .seed(11)
                .resumeFrom(ckpt)
                .build()
                .fit(resumed, Example.parallelize(sc, CheckpointDriver.data(), 2));
        assertEquals(2, h.epochs());
        Network uninterrupted = net(DataType.DOUBLE, 9);
        spark(uninterrupted, CheckpointDriver.data(), new SGD(0.1), total, 16, 2);
        assertSameParameters(uninterrupted, resumed, 1e-12);
    }

    @Test
    void earlyStoppingAndValidationRunOnTheDriver() {
        Dataset data = blobs(200, DataType.DOUBLE, 10);
        Dataset val = blobs(60, DataType.DOUBLE, 11);
        EarlyStopping stop = EarlyStopping.on("val_loss", 2).withRestoreBestWeights(true);
        History h = SparkTrainer.builder()
                .epochs(200)
                .batchSize(20)
                .optimizer(new Adam(0.05))
                .seed(1)
                .validationData(val)
                .accuracy(true)
                .earlyStopping(stop)
                .build()
                .fit(net(DataType.DOUBLE, 12), Example.parallelize(sc, data, 2));
        assertTrue(h.epochs() < 200, "stopped early after " + h.epochs());
        assertTrue(h.last("val_accuracy") > 0.6, h.toString());
        assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder()
                .earlyStopping(EarlyStopping.on("val_loss", 2))
                .build());
    }

    @Test
    void badInputIsRefusedBeforeAnyUpdate() {
        Network net = net(DataType.DOUBLE, 1);
        INDArray before = net.parameters().get(0).value().dup();
        JavaRDD<Example> wrong = sc.parallelize(List.of(new Example(new double[3], new double[3])), 1);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SparkTrainer.builder().build().fit(net, wrong));
        assertTrue(e.getMessage().contains("3 features"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SparkTrainer.builder().build().fit(net, sc.emptyRDD()));
        List<Example> rows = new java.util.ArrayList<>(Example.of(blobs(50, DataType.DOUBLE, 1)));
        rows.set(
                37, new Example(new double[] {1, 2, Double.NaN, 4}, rows.get(37).label()));
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> SparkTrainer.builder().batchSize(8).build().fit(net, sc.parallelize(rows, 3)));
        assertTrue(nan.getMessage().contains("example 37") && nan.getMessage().contains("NaN"), nan.getMessage());
        assertEquals(before, net.parameters().get(0).value());
        assertThrows(
                IllegalArgumentException.class, () -> SparkTrainer.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new Example(new double[0], new double[1]));
    }

    @Test
    void distributedPredictEqualsLocalPredict() {
        Dataset data = blobs(2500, DataType.FLOAT, 13); // more than one predict batch per partition
        Network net = net(DataType.FLOAT, 14);
        JavaRDD<double[]> rows = sc.parallelize(List.of(data.features().toDoubleMatrix()), 3);
        List<double[]> p = SparkPredictor.predict(sc, net, rows).collect();
        INDArray expected = net.predict(data.features());
        assertEquals(2500, p.size());
        for (int i = 0; i < 2500; i += 97) {
            assertArrayEquals(expected.getRow(i).toDoubleVector(), p.get(i), 1e-6);
        }
    }

    /** A residual graph with two weighted outputs and a shared layer, as one network takes it. */
    static Network graph(DataType type, long seed) {
        Dense shared = new Dense(4, 4, Activation.tanh(), Initializer.xavierUniform());
        org.nnj.models.GraphBuilder g = Network.graph();
        org.nnj.models.Node x = g.input("x", 4);
        org.nnj.models.Node h = g.apply(shared, x);
        org.nnj.models.Node r = g.add(h, g.apply(shared, h));
        g.output("class", g.apply(new Dense(4, 3), r), Loss.softmaxCrossEntropy())
                .output("echo", g.apply(new Dense(4, 1), r), Loss.mse(), 0.5);
        return g.dataType(type).seed(seed).build();
    }

    @Test
    void graphNetworksTrainAndPredictOnSparkAsLocally() {
        Dataset blobs = blobs(101, DataType.DOUBLE, 21);
        INDArray y = Nd4j.hstack(blobs.labels(), blobs.features().getColumns(0).dup());
        Dataset data = Dataset.of(blobs.features(), y);
        Network reference = graph(DataType.DOUBLE, 22);
        local(reference, data, new Adam(0.01), 3, 16);
        Network b = graph(DataType.DOUBLE, 22);
        spark(b, data, new Adam(0.01), 3, 16, 3);
        assertSameParameters(reference, b, 1e-10);
        JavaRDD<double[]> rows = sc.parallelize(List.of(data.features().toDoubleMatrix()), 2);
        List<double[]> p = SparkPredictor.predict(sc, b, rows).collect();
        INDArray expected = b.predict(data.features());
        for (int i = 0; i < 101; i += 10) {
            assertArrayEquals(expected.getRow(i).toDoubleVector(), p.get(i), 1e-12);
        }
    }
}
