package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Glorot and Bengio (2010), normal form: {@code W ~ N(0, σ^2)} with {@code σ = sqrt(2 / (fanIn + fanOut))},
 * which keeps the variance of activations and of gradients roughly constant across layers for
 * tanh/sigmoid/linear units. Plain (untruncated) normal, as PyTorch's {@code xavier_normal_}.
 */
public record XavierNormal() implements Initializer {
    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        Normal.fillNormal(target, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
    }
}
