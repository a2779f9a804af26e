package org.nnj.benchmarks;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * Only the GEMMs one mlp training step needs (784-256-128-10, batch 128), straight into OpenBLAS on
 * preallocated outputs: per layer the forward {@code Z = X W^T} and {@code dW = dZ^T X}, and
 * {@code dX = dZ W} for every layer but the first. No step on this BLAS can be faster than this.
 *
 * <p>Timed one by one ({@code SampleTime}): JMH reports the median (p0.50) beside the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx4g"})
public class GemmBoundBenchmark {
    static final int BATCH = 128;
    static final int[] SIZES = {784, 256, 128, 10};

    private final FloatBuffer[] acts = new FloatBuffer[SIZES.length]; // X and each layer's output
    private final FloatBuffer[] grads = new FloatBuffer[SIZES.length]; // dJ/d(each layer's input/output)
    private final FloatBuffer[] weights = new FloatBuffer[SIZES.length - 1];
    private final FloatBuffer[] weightGrads = new FloatBuffer[SIZES.length - 1];
    private final INDArray[] keep = new INDArray[4 * SIZES.length];

    private FloatBuffer buffer(int i, int rows, int cols) {
        keep[i] = Nd4j.rand(DataType.FLOAT, rows, cols);
        return keep[i].data().asNioFloat();
    }

    @Setup
    public void setUp() {
        int k = 0;
        for (int l = 0; l < SIZES.length; l++) {
            acts[l] = buffer(k++, BATCH, SIZES[l]);
            grads[l] = buffer(k++, BATCH, SIZES[l]);
        }
        for (int l = 0; l + 1 < SIZES.length; l++) {
            weights[l] = buffer(k++, SIZES[l + 1], SIZES[l]);
            weightGrads[l] = buffer(k++, SIZES[l + 1], SIZES[l]);
        }
    }

    @Benchmark
    public FloatBuffer mlp() {
        for (int l = 0; l + 1 < SIZES.length; l++) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            cblas_sgemm(
                    CblasRowMajor,
                    CblasNoTrans,
                    CblasTrans,
                    BATCH,
                    out,
                    in,
                    1f,
                    acts[l],
                    in,
                    weights[l],
                    in,
                    0f,
                    acts[l + 1],
                    out);
        }
        for (int l = SIZES.length - 2; l >= 0; l--) {
            int in = SIZES[l];
            int out = SIZES[l + 1];
            cblas_sgemm(
                    CblasRowMajor,
                    CblasTrans,
                    CblasNoTrans,
                    out,
                    in,
                    BATCH,
                    1f,
                    grads[l + 1],
                    out,
                    acts[l],
                    in,
                    0f,
                    weightGrads[l],
                    in);
            if (l > 0) {
                cblas_sgemm(
                        CblasRowMajor,
                        CblasNoTrans,
                        CblasNoTrans,
                        BATCH,
                        in,
                        out,
                        1f,
                        grads[l + 1],
                        out,
                        weights[l],
                        in,
                        0f,
                        grads[l],
                        in);
            }
        }
        return weightGrads[0];
    }
}
