package org.nnj.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nnj.layers.Parameter;
import org.nnj.models.Network;
import org.nnj.optim.Optimizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The update alone over the mlp's 235,146 parameters (784-256-128-10), per optimizer, with fixed
 * gradients: nn-core's {@code Optimizer.step} (screens, rule and write-back in one pass) against
 * DL4J's {@code GradientUpdater.applyUpdater} on one flat gradient view followed by the parameter
 * subtraction DL4J's network does after it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class OptimizerBenchmark {
    @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    public String optimizer;

    private List<Parameter> parameters;
    private Optimizer opt;
    private INDArray flatParams;
    private INDArray flatGrad;
    private INDArray gradView;
    private GradientUpdater<?> updater;
    private int iteration;

    @Setup
    public void setUp() {
        Network net = Shapes.nnCore("mlp");
        parameters = net.parameters();
        for (Parameter p : parameters) { // small finite gradients, so that no step diverges
            p.gradient()
                    .assign(Nd4j.rand(DataType.FLOAT, p.gradient().shape())
                            .subi(0.5)
                            .muli(1e-3));
        }
        opt = Shapes.optimizer(optimizer);
        long n = net.parameterCount();
        flatParams = Nd4j.rand(DataType.FLOAT, 1, n);
        flatGrad = Nd4j.rand(DataType.FLOAT, 1, n).subi(0.5).muli(1e-3);
        gradView = flatGrad.dup();
        IUpdater config = Shapes.updater(optimizer);
        long stateSize = config.stateSize(n);
        INDArray state = stateSize > 0 ? Nd4j.zeros(DataType.FLOAT, 1, stateSize) : null;
        updater = config.instantiate(state, true);
    }

    /** DL4J's updater overwrites the gradient view with the update: start each call from the gradient. */
    @Setup(Level.Invocation)
    public void resetGradientView() {
        gradView.assign(flatGrad);
    }

    @Benchmark
    public Optimizer nnCore() {
        opt.step(parameters);
        return opt;
    }

    @Benchmark
    public INDArray dl4j() {
        updater.applyUpdater(gradView, iteration++, 0);
        return flatParams.subi(gradView);
    }
}
