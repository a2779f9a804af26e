package org.nnj.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.activations.Activation;
import org.nnj.init.Initializer;
import org.nnj.io.Onnx;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Serving against the peer a user would pick: nnj's {@code predict} and ONNX Runtime running the
 * same network exported by nnj's own {@link Onnx#export}, taking turns call by call in one process
 * (the order alternating), so that both see the same phases of the machine. Models: {@code dense}
 * (784-256-10, ReLU, softmax) and {@code lenet} ({@link ConvStepBenchmark#lenet()}); batches 1, 32,
 * 256, 1000; ONNX Runtime with {@code ortThreads} intra-op threads that wait passively (nnj uses
 * the machine's two vCPUs for OpenBLAS). Printed at the end of the fork: each side's median per iteration and the
 * median and quartiles of the per-iteration ratios nnj / ONNX Runtime (below 1: nnj faster).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class AlternatingInferenceBenchmark {
    @Param({"dense", "lenet"})
    public String model;

    @Param({"1", "32", "256", "1000"})
    public int batch;

    @Param({"1", "2"})
    public int ortThreads;

    private Network network;
    private INDArray x;
    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;
    private final long[][] times = new long[2][1 << 17];
    private int turns;
    private final List<double[]> measured = new java.util.ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        network = model.equals("lenet")
                ? ConvStepBenchmark.lenet()
                : Network.builder()
                        .seed(1)
                        .add(new Dense(784, 256, Activation.relu(), Initializer.he()))
                        .add(new Dense(256, 10))
                        .loss(Loss.softmaxCrossEntropy())
                        .build();
        x = Nd4j.rand(DataType.FLOAT, batch, 784);
        Path file = Files.createTempFile("nnj-serving", ".onnx");
        Onnx.export(network, null, file);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(ortThreads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // passive waits, as OMP_WAIT_POLICY=PASSIVE for PyTorch: a spinning pool would steal nnj's cores
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        session = env.createSession(file.toString(), options);
        Files.delete(file);
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data().asFloat()), new long[] {batch, 784});
        float[][] ours = network.predict(x).toFloatMatrix();
        float[][] theirs = ort();
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < ours[r].length; c++) {
                if (Math.abs(ours[r][c] - theirs[r][c]) > 1e-4) {
                    throw new IllegalStateException("ONNX Runtime disagrees at row " + r + ", column " + c);
                }
            }
        }
    }

    private float[][] ort() {
        try (OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** One turn: both sides once, the order alternating. */
    @Benchmark
    public int turn() {
        if (turns < times[0].length) {
            for (int s = 0; s < 2; s++) {
                int side = (turns + s) % 2;
                long start = System.nanoTime();
                if (side == 0) {
                    ort();
                } else {
                    network.predict(x);
                }
                times[side][turns] = System.nanoTime() - start;
            }
            turns++;
        }
        return turns;
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            double ort = median(Arrays.copyOf(times[0], turns));
            double nnj = median(Arrays.copyOf(times[1], turns));
            measured.add(new double[] {ort, nnj});
            System.out.printf(
                    Locale.ROOT,
                    "%n  %d turns: ort %.1f us, nnj %.1f us, nnj/ort %.3f%n",
                    turns,
                    ort / 1e3,
                    nnj / 1e3,
                    nnj / ort);
        }
        turns = 0;
    }

    @TearDown(Level.Trial)
    public void endTrial() throws OrtException {
        double[] ratios =
                measured.stream().mapToDouble(m -> m[1] / m[0]).sorted().toArray();
        double[] ort = measured.stream().mapToDouble(m -> m[0]).sorted().toArray();
        double[] nnj = measured.stream().mapToDouble(m -> m[1]).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "%nServing %s batch %d, ONNX Runtime %d thread(s): medians ort %.1f us, nnj %.1f us;"
                        + " nnj/ort per iteration %.3f (%.2f-%.2f)%n",
                model,
                batch,
                ortThreads,
                ort[ort.length / 2] / 1e3,
                nnj[nnj.length / 2] / 1e3,
                ratios[ratios.length / 2],
                ratios[0],
                ratios[ratios.length - 1]);
        input.close();
        session.close();
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
