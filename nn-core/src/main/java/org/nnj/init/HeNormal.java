package org.nnj.init;

import java.util.Random;
import org.nnj.kernels.Matrix;

/**
 * He et al. (2015), normal form: {@code W ~ N(0, 2 / fanIn)}, which compensates for ReLU zeroing half of
 * its inputs. Plain (untruncated) normal, as PyTorch's {@code kaiming_normal_}.
 */
public record HeNormal() implements Initializer {
    @Override
    public void fill(Matrix target, int fanIn, int fanOut, Random rng) {
        Normal.fillNormal(target, Math.sqrt(2.0 / fanIn), rng);
    }
}
