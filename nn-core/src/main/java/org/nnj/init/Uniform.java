package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/** Independent draws from {@code U(low, high)}. */
public record Uniform(double low, double high) implements Initializer {
    public Uniform {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low >= high) {
            throw new IllegalArgumentException("need finite low < high, got low=" + low + ", high=" + high);
        }
    }

    /** {@code |low|} and {@code |high|} must be at most the type's largest finite value. */
    @Override
    public void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {
        org.nnj.Require.representable(low, type, where + " uniform low");
        org.nnj.Require.representable(high, type, where + " uniform high");
    }

    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        fillUniform(target, low, high, rng);
    }

    static void fillUniform(INDArray array, double low, double high, Random rng) {
        Matrix target = Matrix.of(array, "target");
        int n = target.size();
        for (int i = 0; i < n; i++) {
            target.set(i, low + (high - low) * rng.nextDouble());
        }
    }
}
