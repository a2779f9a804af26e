package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.kernels.Gemm;
import org.nnj.kernels.Matrix;
import org.nnj.layers.Dense;
import org.nnj.layers.GRU;
import org.nnj.layers.LSTM;
import org.nnj.layers.SequenceShape;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a recurrent layer (batch 64, 32 steps, 128 input features, 128 units, last
 * state) then Dense(128→10) with softmax cross-entropy and Adam, float32: {@code step} is
 * {@code Network.trainStep} (forward, backpropagation through time, update); {@code gemmBound} is
 * only the same step's matrix products through {@code kernels.Gemm} on preallocated matrices: the
 * input projection of all steps {@code (64·32 x 128) · (128 x G·128)}, 32 recurrent products
 * {@code (64 x 128) · (128 x G·128)} forward and 32 {@code (64 x G·128) · (G·128 x 128)} backward,
 * {@code dW_ih} and {@code dW_hh} as one product each, and the dense layer's forward and dW (the
 * first layer computes no input gradient). G is 4 for {@code lstm}, 3 for {@code gru}.
 *
 * <p>{@code paired} runs both in one fork, taking turns (the order alternating), and prints at the end
 * the median of each side and the median and quartiles of the per-pair ratios step / bound: on this
 * shared machine, whose speed moves in phases, only a paired ratio compares like with like (see the
 * README's AlternatingStepBenchmark).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class RecurrentStepBenchmark {
    static final int BATCH = 64;
    static final int TIME = 32;
    static final int FEATURES = 128;
    static final int UNITS = 128;
    static final int CLASSES = 10;

    @Param({"lstm", "gru"})
    public String cell;

    private Network network;
    private Adam adam;
    private INDArray x;
    private INDArray y;

    private Matrix xs;
    private Matrix wIh;
    private Matrix wHh;
    private Matrix p;
    private Matrix[] h;
    private Matrix hAll;
    private Matrix r;
    private Matrix dP;
    private Matrix dR;
    private Matrix[] dRStep;
    private Matrix dh;
    private Matrix gwIh;
    private Matrix gwHh;
    private Matrix wDense;
    private Matrix z;
    private Matrix gwDense;

    private static Matrix rand(int rows, int cols) {
        return Matrix.of(Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5), "m");
    }

    @Setup
    public void setUp() {
        SequenceShape in = new SequenceShape(TIME, FEATURES);
        network = Network.builder()
                .seed(1)
                .add(cell.equals("lstm") ? new LSTM(in, UNITS, false) : new GRU(in, UNITS, false))
                .add(new Dense(UNITS, CLASSES))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        adam = new Adam(1e-3);
        x = Nd4j.rand(DataType.FLOAT, BATCH, TIME * FEATURES).subi(0.5);
        y = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        int gh = (cell.equals("lstm") ? 4 : 3) * UNITS;
        xs = rand(BATCH * TIME, FEATURES);
        wIh = rand(gh, FEATURES);
        wHh = rand(gh, UNITS);
        p = rand(BATCH * TIME, gh);
        hAll = rand(TIME * BATCH, UNITS);
        h = new Matrix[TIME];
        for (int t = 0; t < TIME; t++) {
            h[t] = hAll.view(t * BATCH * UNITS, BATCH, UNITS);
        }
        r = rand(BATCH, gh);
        dP = rand(BATCH * TIME, gh);
        dR = rand(TIME * BATCH, gh);
        dRStep = new Matrix[TIME];
        for (int t = 0; t < TIME; t++) {
            dRStep[t] = dR.view(t * BATCH * gh, BATCH, gh);
        }
        dh = rand(BATCH, UNITS);
        gwIh = rand(gh, FEATURES);
        gwHh = rand(gh, UNITS);
        wDense = rand(CLASSES, UNITS);
        z = rand(BATCH, CLASSES);
        gwDense = rand(CLASSES, UNITS);
    }

    private final java.util.List<long[]> pairs = new java.util.ArrayList<>();

    @Benchmark
    public double paired() {
        boolean stepFirst = pairs.size() % 2 == 0;
        long a = System.nanoTime();
        double v = stepFirst ? step() : gemmBound().get(0);
        long b = System.nanoTime();
        double w = stepFirst ? gemmBound().get(0) : step();
        long c = System.nanoTime();
        pairs.add(stepFirst ? new long[] {b - a, c - b} : new long[] {c - b, b - a});
        return v + w;
    }

    @TearDown
    public void report() {
        if (pairs.isEmpty()) {
            return;
        }
        int n = pairs.size();
        double[] steps = new double[n];
        double[] bounds = new double[n];
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = pairs.get(i)[0] / 1e3;
            bounds[i] = pairs.get(i)[1] / 1e3;
            ratios[i] = steps[i] / bounds[i];
        }
        java.util.Arrays.sort(steps);
        java.util.Arrays.sort(bounds);
        java.util.Arrays.sort(ratios);
        System.out.printf(
                "%n%s paired, %d pairs (warm-up included): step median %.0f us, bound median %.0f us,"
                        + " ratio median %.2f (quartiles %.2f-%.2f)%n",
                cell, n, steps[n / 2], bounds[n / 2], ratios[n / 2], ratios[n / 4], ratios[3 * n / 4]);
        pairs.clear();
    }

    @Benchmark
    public double step() {
        return network.trainStep(x, y, adam);
    }

    @Benchmark
    public Matrix gemmBound() {
        Gemm.multAddTransB(xs, wIh, p); // P = X W_ihᵀ, all steps
        for (int t = 0; t < TIME; t++) {
            Gemm.multAddTransB(h[t], wHh, r); // R = h_{t-1} W_hhᵀ
        }
        Gemm.multAddTransB(h[TIME - 1], wDense, z); // the dense layer
        Gemm.multTransA(z, h[TIME - 1], gwDense); // its dW
        for (int t = TIME - 1; t >= 0; t--) {
            Gemm.mult(dRStep[t], wHh, dh); // dh_{t-1} = dR_t W_hh
        }
        Gemm.multTransA(dP, xs, gwIh); // dW_ih = dPᵀ X
        Gemm.multTransA(dR, hAll, gwHh); // dW_hh = Σ dR_tᵀ h_{t-1}
        return gwHh;
    }
}
