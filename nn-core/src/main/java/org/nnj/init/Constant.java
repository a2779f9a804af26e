package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/** Every element equal to {@code value}; {@code Constant(0)} is the zeros initializer. */
public record Constant(double value) implements Initializer {
    public Constant {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
    }

    /** {@code |value|} must be at most the type's largest finite value. */
    @Override
    public void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {
        org.nnj.Require.representable(value, type, where + " constant value");
    }

    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        Matrix.of(target, "target").fill(value);
    }
}
