package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** {@code predict} for the MNIST demo's 784-128-10 network, at batch 1 and batch 1000, beside DL4J's {@code output}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class InferenceBenchmark {
    @Param({"1", "1000"})
    public int batch;

    private Network network;
    private MultiLayerNetwork dl4j;
    private INDArray x;

    @Setup
    public void setUp() {
        x = Nd4j.rand(DataType.FLOAT, batch, 784);
        network = Network.builder()
                .seed(1)
                .add(new Dense(784, 128, Activation.relu(), Initializer.he()))
                .add(new Dense(128, 10))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        dl4j = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(784)
                        .nOut(128)
                        .activation(org.nd4j.linalg.activations.Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(128)
                        .nOut(10)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                        .build())
                .build());
        dl4j.init();
    }

    @Benchmark
    public INDArray nnCore() {
        return network.predict(x);
    }

    @Benchmark
    public INDArray dl4j() {
        return dl4j.output(x);
    }
}
