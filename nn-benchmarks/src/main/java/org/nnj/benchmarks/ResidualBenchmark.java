package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.optim.SGD;
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

/**
 * What a residual connection costs: one SGD training step of {@code blocks} blocks of two
 * Dense({@code width}) layers (ReLU, then linear) at batch 128, float32, plain (a chain) against the
 * same layers with each block joined as {@code x + f(x)} (a graph). The difference per block is the
 * join's forward pass ({@code out = x + f(x)}, one pass over the activation), its backward (the
 * gradient passed on to both branches) and the sum where x fans out; {@code pass} times one plain pass
 * over a batch x width activation ({@code y += x}) for scale.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class ResidualBenchmark {
    static final int BATCH = 128;

    @Param({"256"})
    public int width;

    @Param({"4"})
    public int blocks;

    private Network plain;
    private Network residual;
    private SGD sgdPlain;
    private SGD sgdResidual;
    private INDArray x;
    private INDArray y;
    private INDArray a;
    private INDArray b;

    static Dense layer(int width, Activation f) {
        return new Dense(width, width, f, Initializer.he());
    }

    @Setup
    public void setUp() {
        Network.Builder chain = Network.builder().seed(1);
        GraphBuilder g = Network.graph();
        Node h = g.input("x", width);
        for (int i = 0; i < blocks; i++) {
            chain.add(layer(width, Activation.relu())).add(layer(width, Activation.identity()));
            Node f = g.apply(layer(width, Activation.identity()), g.apply(layer(width, Activation.relu()), h));
            h = g.add(h, f);
        }
        plain = chain.add(new Dense(width, 10)).loss(Loss.softmaxCrossEntropy()).build();
        g.output("y", g.apply(new Dense(width, 10), h), Loss.softmaxCrossEntropy());
        residual = g.seed(1).build();
        x = Nd4j.rand(DataType.FLOAT, BATCH, width);
        y = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int r = 0; r < BATCH; r++) {
            y.putScalar(r, r % 10, 1);
        }
        sgdPlain = new SGD(0.001);
        sgdResidual = new SGD(0.001);
        a = Nd4j.rand(DataType.FLOAT, BATCH, width);
        b = Nd4j.rand(DataType.FLOAT, BATCH, width);
    }

    @Benchmark
    public double plainStep() {
        return plain.trainStep(x, y, sgdPlain);
    }

    @Benchmark
    public double residualStep() {
        return residual.trainStep(x, y, sgdResidual);
    }

    /** One pass over a batch x width activation, {@code b += a}, through the public API's nearest op. */
    @Benchmark
    public INDArray pass() {
        return b.addi(a);
    }
}
