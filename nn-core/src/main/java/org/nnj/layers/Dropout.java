package org.nnj.layers;

import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.kernels.Matrix;

/**
 * Inverted dropout (Srivastava et al., 2014). In training mode each value is kept with probability
 * {@code 1 - p} and scaled by {@code 1 / (1 - p)}, else zeroed: {@code a = x ⊙ m}, {@code m_i ∈ {0, 1/(1-p)}},
 * so the expected output equals the input and inference needs no rescaling: in inference mode the
 * layer is the identity.
 *
 * <p>Backward multiplies by the same mask, {@code dJ/dx = dJ/da ⊙ m} (the Jacobian is diag(m)). The
 * masks come from a generator seeded from the network's seed at build time, so runs repeat exactly.
 */
public final class Dropout extends ParameterFreeLayer {
    private static final int CACHED_SIZES = 4;

    private final double p;
    private SplittableRandom rng;
    /** Masks by batch size: a fit uses the batch size and the short last batch. */
    private final Matrix[] masks = new Matrix[CACHED_SIZES];
    private int nextSlot;

    /**
     * @param size the number of values per example
     * @param p    the probability of dropping a value, in [0, 1)
     */
    public Dropout(int size, double p) {
        super(size);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    public double p() {
        return p;
    }

    @Override
    public String name() {
        return "Dropout(" + size + ", p=" + p + ")";
    }

    @Override
    protected void onBuild(Random rng) {
        this.rng = new SplittableRandom(rng.nextLong());
    }

    @Override
    public void forward(Matrix x, Matrix out, boolean training) {
        if (!training || p == 0) {
            if (out != x) {
                out.copyFrom(x);
            }
            return;
        }
        Matrix mask = mask(x.rows());
        double keep = 1 / (1 - p);
        for (int i = 0, n = x.size(); i < n; i++) {
            double m = rng.nextDouble() >= p ? keep : 0;
            mask.set(i, m);
            out.set(i, x.get(i) * m);
        }
    }

    @Override
    public void backward(Matrix x, Matrix out, Matrix gradOut, Matrix gradIn) {
        if (gradIn == null) {
            return;
        }
        if (p == 0) {
            gradIn.copyFrom(gradOut);
            return;
        }
        Matrix mask = mask(x.rows());
        for (int i = 0, n = gradOut.size(); i < n; i++) {
            gradIn.set(i, gradOut.get(i) * mask.get(i));
        }
    }

    private Matrix mask(int rows) {
        for (Matrix m : masks) {
            if (m != null && m.rows() == rows) {
                return m;
            }
        }
        Matrix m = Matrix.allocate(dataType(), rows, size);
        masks[nextSlot] = m;
        nextSlot = (nextSlot + 1) % CACHED_SIZES;
        return m;
    }

    /** In inference mode dropout is the identity, so its Jacobian is I. */
    @Override
    public INDArray jacobian(INDArray x) {
        checkedExample(x);
        Matrix j = Matrix.allocate(dataType(), size, size);
        for (int i = 0; i < size; i++) {
            j.set(i, i, 1);
        }
        return j.array();
    }
}
