package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
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
 * One training step (forward, backward, update) on a fixed batch, nn-core against a DL4J
 * MultiLayerNetwork of the same architecture, init, loss, updater and type (float32), for every
 * optimizer ({@code -p optimizer=adam} for one).
 * <ul>
 *   <li>{@code mlp}: 784-256-128-10, ReLU hidden, softmax + cross-entropy, batch 128;</li>
 *   <li>{@code tiny}: 2-3-2 LeakyReLU, MSE, batch 1 (the quadrants tutorial's per-example step;
 *       run it with {@code -p shape=tiny -p optimizer=sgd -bm avgt}: its sub-microsecond step is too
 *       short to time one by one).</li>
 * </ul>
 * Steps are timed one by one ({@code SampleTime}), so that JMH reports the median (p0.50) that
 * the speed targets are stated in, beside the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class TrainStepBenchmark {
    @Param({"mlp"})
    public String shape;

    @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    public String optimizer;

    private Network network;
    private Optimizer opt;
    private MultiLayerNetwork dl4j;
    private INDArray x;
    private INDArray y;

    @Setup
    public void setUp() {
        INDArray[] batch = Shapes.batch(shape);
        x = batch[0];
        y = batch[1];
        network = Shapes.nnCore(shape);
        opt = Shapes.optimizer(optimizer);
        dl4j = Shapes.dl4j(shape, optimizer);
    }

    @Benchmark
    public double nnCore() {
        return network.trainStep(x, y, opt);
    }

    @Benchmark
    public MultiLayerNetwork dl4j() {
        dl4j.fit(x, y);
        return dl4j;
    }
}
