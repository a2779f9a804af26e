package org.nnj.layers;

import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.Kind;
import org.nnj.Kind.Field;
import org.nnj.Spec;
import org.nnj.kernels.Elementwise;
import org.nnj.kernels.Matrix;
import org.nnj.kernels.Rows;

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
    /** SplittableRandom's increment: {@code new SplittableRandom(s)} after n draws is {@code new SplittableRandom(s + n γ)}. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SplittableRandom rng;
    /** The generator's position (its internal seed), for {@link #randomState}: start + draws · γ. */
    private long position;
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
        this.position = rng.nextLong();
        this.rng = new SplittableRandom(position);
    }

    @Override
    public void forward(INDArray x, INDArray out, boolean training) {
        Matrix xm = Matrix.of(x, "x");
        Matrix om = Matrix.of(out, "out");
        if (!training || p == 0) {
            if (out != x) {
                om.copyFrom(xm);
            }
            return;
        }
        Matrix mask = mask(xm.rows());
        Elementwise.dropoutMask(mask, rng, p); // m_i = 1/(1-p) with probability 1-p, else 0
        position += GOLDEN_GAMMA * mask.size(); // one draw per value
        Elementwise.multiply(xm, mask, om); // out = x ⊙ m
    }

    /** The mask generator's position: a run resumed from it draws the masks the uninterrupted run would. */
    @Override
    public long[] randomState() {
        requireBuilt();
        return new long[] {position};
    }

    @Override
    public void restoreRandomState(long[] state) {
        requireBuilt();
        if (state == null || state.length != 1) {
            throw new IllegalArgumentException(
                    name() + " has one random state value, got " + (state == null ? "null" : state.length + " values"));
        }
        position = state[0];
        rng = new SplittableRandom(position);
    }

    /** The Jacobian is diag(m), so {@code dJ/dx = dJ/d(out) ⊙ m}. */
    @Override
    public void backward(INDArray x, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (gradIn == null) {
            return;
        }
        Matrix g = Matrix.of(gradOut, "gradOut");
        if (p == 0) {
            Matrix.of(gradIn, "gradIn").copyFrom(g);
            return;
        }
        Elementwise.multiply(g, mask(g.rows()), Matrix.of(gradIn, "gradIn"));
    }

    /** The kind the model file writes: {@code dropout (size, p)}. */
    public static final Kind<Dropout> KIND = Kind.of(
            "dropout",
            s -> new Dropout(s.intValue("size"), s.doubleValue("p")),
            Field.integer("size"),
            Field.real("p"));

    @Override
    public Spec spec() {
        return KIND.spec(size, p);
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
        Rows.identity(j);
        return j.array();
    }
}
