package org.nnj.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.OneHot;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One epoch of the MNIST demo's recipe (784-256-10 ReLU, dropout 0.3, softmax cross-entropy, Adam
 * 1e-3, batch 64) over 7000 x 784 examples (uniform pixels and random classes: the cost does not
 * depend on the values): {@code Trainer.fit} for one epoch (shuffle, gather, step, per-epoch loss),
 * the same 110 steps as bare {@code trainStep} calls on pre-cut batches, and DL4J's
 * {@code MultiLayerNetwork.fit} over a 64-example iterator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class EpochBenchmark {
    static final int N = 7000;
    static final int BATCH = 64;

    private Network trainerNet;
    private Trainer trainer;
    private Dataset data;
    private Network bareNet;
    private Adam bareAdam;
    private final List<INDArray[]> batches = new ArrayList<>();
    private MultiLayerNetwork dl4j;
    private ViewIterator iterator;

    static Network network() {
        return Network.builder()
                .seed(1)
                .add(new Dense(784, 256, Activation.relu(), Initializer.he()))
                .add(new Dropout(256, 0.3))
                .add(new Dense(256, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    @Setup
    public void setUp() {
        Random r = new Random(7);
        float[][] x = new float[N][784];
        int[] c = new int[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = r.nextFloat();
            }
            c[i] = r.nextInt(10);
        }
        INDArray features = Nd4j.createFromArray(x);
        INDArray labels = OneHot.encode(c, 10, DataType.FLOAT);
        data = Dataset.of(features, labels);
        trainerNet = network();
        trainer = Trainer.builder()
                .epochs(1)
                .batchSize(BATCH)
                .optimizer(new Adam(0.001))
                .progressBar(false)
                .build();
        bareNet = network();
        bareAdam = new Adam(0.001);
        for (int start = 0; start < N; start += BATCH) {
            int end = Math.min(N, start + BATCH);
            batches.add(new INDArray[] {
                features.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                        .dup(),
                labels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                        .dup()
            });
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new org.nd4j.linalg.learning.config.Adam(0.001))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(784)
                        .nOut(256)
                        .activation(org.nd4j.linalg.activations.Activation.RELU)
                        .dropOut(0.7) // DL4J's argument is the probability of keeping a value
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(256)
                        .nOut(10)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build())
                .build();
        dl4j = new MultiLayerNetwork(conf);
        dl4j.init();
        iterator = new ViewIterator(new DataSet(features, labels), BATCH);
    }

    @Benchmark
    public Object trainerFit() {
        return trainer.fit(trainerNet, data);
    }

    @Benchmark
    public double bareSteps() {
        double sum = 0;
        for (INDArray[] b : batches) {
            sum += bareNet.trainStep(b[0], b[1], bareAdam);
        }
        return sum;
    }

    @Benchmark
    public MultiLayerNetwork dl4jFit() {
        iterator.reset();
        dl4j.fit(iterator);
        return dl4j;
    }
}
