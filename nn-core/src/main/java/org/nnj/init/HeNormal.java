package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * He et al. (2015), normal form: {@code W ~ N(0, 2 / fanIn)}, which compensates for ReLU zeroing half of
 * its inputs. Plain (untruncated) normal, as PyTorch's {@code kaiming_normal_}.
 */
public record HeNormal() implements Initializer {
    @Override
    public void fill(INDArray target, int fanIn, int fanOut, Random rng) {
        Normal.fillNormal(target, Math.sqrt(2.0 / fanIn), rng);
    }
}
