package org.nnj.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;
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
 * Float32 sigmoid, tanh and softmax, forward and backward, on 128 x 256: the kernels
 * ({@code kernel}: heap arrays, vectorizable float32 exp and tanh) against the per-element path the
 * library used before them ({@code perElement}: each element read from and written to the direct
 * buffer, computed in double with {@code Math.exp}/{@code Math.tanh}), kept here as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ActivationBenchmark {
    @Param({"sigmoid", "tanh", "softmax"})
    public String function;

    private Matrix z;
    private Matrix a;
    private Matrix g;
    private Matrix grad;

    @Setup
    public void setUp() {
        Random r = new Random(3);
        z = Matrix.allocate(DataType.FLOAT, 128, 256);
        g = Matrix.allocate(DataType.FLOAT, 128, 256);
        for (int i = 0; i < z.size(); i++) {
            z.set(i, 2 * r.nextGaussian());
            g.set(i, r.nextGaussian());
        }
        a = Matrix.allocate(DataType.FLOAT, 128, 256);
        grad = Matrix.allocate(DataType.FLOAT, 128, 256);
    }

    @Benchmark
    public Matrix kernel() {
        grad.copyFrom(g);
        switch (function) {
            case "sigmoid" -> {
                Elementwise.sigmoid(z, a);
                Elementwise.sigmoidBackward(a, grad);
            }
            case "tanh" -> {
                Elementwise.tanh(z, a);
                Elementwise.tanhBackward(a, grad);
            }
            default -> {
                Rows.softmax(z, a);
                Rows.softmaxBackward(a, grad);
            }
        }
        return grad;
    }

    @Benchmark
    public Matrix perElement() {
        grad.copyFrom(g);
        int n = z.size();
        switch (function) {
            case "sigmoid" -> {
                for (int i = 0; i < n; i++) {
                    double v = z.get(i);
                    a.set(i, v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
                }
                for (int i = 0; i < n; i++) {
                    double ai = a.get(i);
                    grad.set(i, grad.get(i) * ai * (1 - ai));
                }
            }
            case "tanh" -> {
                for (int i = 0; i < n; i++) {
                    a.set(i, Math.tanh(z.get(i)));
                }
                for (int i = 0; i < n; i++) {
                    double ai = a.get(i);
                    grad.set(i, grad.get(i) * (1 - ai * ai));
                }
            }
            default -> {
                for (int r = 0; r < z.rows(); r++) {
                    Rows.softmaxRow(z, a, r); // the per-element row loop with Math.exp
                }
                int cols = z.cols();
                for (int r = 0; r < z.rows(); r++) {
                    double dot = 0;
                    for (int i = 0; i < cols; i++) {
                        dot += grad.get(r * cols + i) * a.get(r * cols + i);
                    }
                    for (int i = 0; i < cols; i++) {
                        int at = r * cols + i;
                        grad.set(at, a.get(at) * (grad.get(at) - dot));
                    }
                }
            }
        }
        return grad;
    }
}
