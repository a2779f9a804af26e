package org.nnj.benchmarks;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.kernels.Gemm;
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
 * Where Java loops stop beating OpenBLAS for {@code Z = X W^T + b} (batch x in times in x out): the
 * evidence for {@link Kernels#BLAS_THRESHOLD}. Shapes are "batch x in x out".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmPathBenchmark {
    @Param({"1x2x3", "4x4x4", "8x8x8", "16x16x16", "16x32x32", "32x32x32", "64x64x64"})
    public String shape;

    private Matrix x;
    private Matrix w;
    private Matrix b;
    private Matrix z;

    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        int batch = Integer.parseInt(p[0]);
        int in = Integer.parseInt(p[1]);
        int out = Integer.parseInt(p[2]);
        x = Matrix.of(Nd4j.rand(DataType.FLOAT, batch, in), "x");
        w = Matrix.of(Nd4j.rand(DataType.FLOAT, out, in), "w");
        b = Matrix.of(Nd4j.rand(DataType.FLOAT, 1, out), "b");
        z = Matrix.allocate(DataType.FLOAT, batch, out);
    }

    @Benchmark
    public Matrix loops() {
        Rows.broadcast(b, z);
        Gemm.loops(false, true, 1, x, w, 1, z);
        return z;
    }

    @Benchmark
    public Matrix blas() {
        Rows.broadcast(b, z);
        Gemm.blas(false, true, 1, x, w, 1, z);
        return z;
    }
}
