package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/** Independent draws from {@code N(0, std^2)}. */
public record Normal(double std) implements Initializer {
    public Normal {
        if (!Double.isFinite(std) || std <= 0) {
            throw new IllegalArgumentException("std must be finite and > 0, got " + std);
        }
    }

    /** {@code std} must be at most the type's largest finite value. */
    @Override
    public void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {
        org.nnj.Require.representable(std, type, where + " normal std");
    }

    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        fillNormal(target, std, rng);
    }

    static void fillNormal(INDArray array, double std, Random rng) {
        Matrix target = Matrix.of(array, "target");
        int n = target.size();
        for (int i = 0; i < n; i++) {
            target.set(i, rng.nextGaussian() * std);
        }
    }
}
