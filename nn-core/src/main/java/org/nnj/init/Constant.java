package org.nnj.init;

import java.util.Random;
import org.nnj.kernels.Matrix;

/** Every element equal to {@code value}; {@code Constant(0)} is the zeros initializer. */
public record Constant(double value) implements Initializer {
    public Constant {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
    }

    @Override
    public void fill(Matrix target, int fanIn, int fanOut, Random rng) {
        target.fill(value);
    }
}
