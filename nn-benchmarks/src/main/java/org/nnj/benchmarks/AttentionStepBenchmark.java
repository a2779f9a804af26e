package org.nnj.benchmarks;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Dense;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MultiHeadAttention;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of an attention block at batch 64, 64 tokens, dModel 64, 4 heads (float32):
 * LayerNormalization per token, causal MultiHeadAttention, then a Dense(4096 → 10) head on the
 * flattened sequence (a stand-in for a per-token Dense until a TimeDistributed layer exists) with
 * softmax cross-entropy; forward, backward and Adam ({@code step}). Beside it, the GEMM-only bound
 * ({@code gemmBound}): the same step's matrix products as one OpenBLAS call each on preallocated
 * buffers (the projections over all 4096 tokens at once, the per-example-and-head score, value and
 * gradient products one 64 x 16 / 64 x 64 call each), with no softmax, normalization, copies or
 * update, which no implementation on this BLAS can beat.
 *
 * <p>Timed one by one ({@code SampleTime}): JMH reports the median (p0.50) beside the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class AttentionStepBenchmark {
    static final int BATCH = 64;
    static final int TIME = 64;
    static final int D = 64;
    static final int HEADS = 4;
    static final int CLASSES = 10;

    private Network network;
    private Adam adam;
    private INDArray x;
    private INDArray y;
    private final List<Runnable> gemms = new ArrayList<>();
    private final List<INDArray> keep = new ArrayList<>();

    static Network block() {
        return Network.builder()
                .seed(Shapes.SEED)
                .add(new LayerNormalization(new SequenceShape(TIME, D)))
                .add(new MultiHeadAttention(TIME, D, HEADS, true))
                .add(new Dense(TIME * D, CLASSES))
                .loss(Loss.softmaxCrossEntropy())
                .build();
    }

    private FloatBuffer buffer(int rows, int cols) {
        INDArray a = Nd4j.rand(DataType.FLOAT, rows, cols);
        keep.add(a);
        return a.data().asNioFloat();
    }

    /** {@code C (m x n) = op(A) op(B)} as one sgemm, {@code times} times, on fresh buffers. */
    private void gemm(boolean ta, boolean tb, int m, int n, int k, int times) {
        FloatBuffer a = ta ? buffer(k, m) : buffer(m, k);
        FloatBuffer b = tb ? buffer(n, k) : buffer(k, n);
        FloatBuffer c = buffer(m, n);
        gemms.add(() -> {
            for (int i = 0; i < times; i++) {
                cblas_sgemm(
                        CblasRowMajor,
                        ta ? CblasTrans : CblasNoTrans,
                        tb ? CblasTrans : CblasNoTrans,
                        m,
                        n,
                        k,
                        1f,
                        a,
                        ta ? m : k,
                        b,
                        tb ? k : n,
                        0f,
                        c,
                        n);
            }
        });
    }

    @Setup
    public void setUp() {
        x = Nd4j.randn(DataType.FLOAT, BATCH, TIME * D);
        y = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        network = block();
        adam = new Adam(0.001);
        int tokens = BATCH * TIME;
        int dh = D / HEADS;
        int blocks = BATCH * HEADS;
        gemm(false, true, tokens, 3 * D, D, 1); // [Q K V] = X W_inᵀ
        gemm(false, true, TIME, TIME, dh, blocks); // S = Q Kᵀ per example and head
        gemm(false, false, TIME, dh, TIME, blocks); // O = P V
        gemm(false, true, tokens, D, D, 1); // Y = C W_outᵀ
        gemm(false, true, BATCH, CLASSES, TIME * D, 1); // head forward
        gemm(true, false, CLASSES, TIME * D, BATCH, 1); // head dW
        gemm(false, false, BATCH, TIME * D, CLASSES, 1); // head dX
        gemm(true, false, D, D, tokens, 1); // dW_out = Gᵀ C
        gemm(false, false, tokens, D, D, 1); // dC = G W_out
        gemm(false, true, TIME, TIME, dh, blocks); // dP = dO Vᵀ
        gemm(true, false, TIME, dh, TIME, blocks); // dV = Pᵀ dO
        gemm(false, false, TIME, dh, TIME, blocks); // dQ = dS K
        gemm(true, false, TIME, dh, TIME, blocks); // dK = dSᵀ Q
        gemm(true, false, 3 * D, D, tokens, 1); // dW_in = d[Q K V]ᵀ X
        gemm(false, false, tokens, D, 3 * D, 1); // dX = d[Q K V] W_in
    }

    @Benchmark
    public double step() {
        return network.trainStep(x, y, adam);
    }

    @Benchmark
    public int gemmBound() {
        for (Runnable g : gemms) {
            g.run();
        }
        return gemms.size();
    }
}
