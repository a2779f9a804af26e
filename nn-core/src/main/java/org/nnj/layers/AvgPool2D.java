package org.nnj.layers;

import org.nnj.Kind;
import org.nnj.Spec;

/**
 * Average pooling: {@code out[c, y, x] = (1/p²) Σ_{0 ≤ i, j < p} in[c, y·s + i, x·s + j]}.
 *
 * <p>Its Jacobian has {@code 1/p²} on each input of the window, so backward spreads each output's
 * gradient evenly: {@code dJ/dx_j = Σ_{o: j ∈ window(o)} dJ/dout_o / p²}.
 */
public final class AvgPool2D extends Pool2D {
    /** Non-overlapping {@code pool x pool} windows (stride = pool), as Keras's default. */
    public AvgPool2D(ImageShape input, int pool) {
        this(input, pool, pool);
    }

    public AvgPool2D(ImageShape input, int pool, int stride) {
        super(input, pool, stride, false);
    }

    @Override
    String kind() {
        return "AvgPool2D";
    }

    /** The kind the model file writes: {@code avgpool2d (channels, height, width, pool, stride)}. */
    public static final Kind<AvgPool2D> KIND = poolKind("avgpool2d", AvgPool2D::new);

    @Override
    public Spec spec() {
        return spec(KIND);
    }
}
