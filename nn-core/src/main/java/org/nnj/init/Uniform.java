package org.nnj.init;

import java.util.Random;
import org.nnj.kernels.Matrix;

/** Independent draws from {@code U(low, high)}. */
public record Uniform(double low, double high) implements Initializer {
    public Uniform {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low >= high) {
            throw new IllegalArgumentException("need finite low < high, got low=" + low + ", high=" + high);
        }
    }

    @Override
    public void fill(Matrix target, int fanIn, int fanOut, Random rng) {
        fillUniform(target, low, high, rng);
    }

    static void fillUniform(Matrix target, double low, double high, Random rng) {
        int n = target.size();
        for (int i = 0; i < n; i++) {
            target.set(i, low + (high - low) * rng.nextDouble());
        }
    }
}
