package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** He et al. (2015), uniform form: {@code W ~ U(-l, l)} with {@code l = sqrt(6 / fanIn)}. */
public record HeUniform() implements Initializer {
    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        double limit = Math.sqrt(6.0 / fanIn);
        Uniform.fillUniform(target, -limit, limit, rng);
    }
}
