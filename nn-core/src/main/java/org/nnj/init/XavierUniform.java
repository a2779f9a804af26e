package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Glorot and Bengio (2010), uniform form: {@code W ~ U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))}
 * (the same variance as {@link XavierNormal}). Keras's default for dense layers.
 */
public record XavierUniform() implements Initializer {
    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        Uniform.fillUniform(target, -limit, limit, rng);
    }
}
