package org.nnj.layers;

import org.nnj.Kind;
import org.nnj.Spec;

/**
 * Max pooling: {@code out[c, y, x] = max_{0 ≤ i, j < p} in[c, y·s + i, x·s + j]}.
 *
 * <p>Its Jacobian has one 1 per row, at the window's maximum (the first, on ties), so backward
 * routes each output's gradient to that input and gives every other input 0:
 * {@code dJ/dx_j = Σ_{o: argmax(o) = j} dJ/dout_o}.
 */
public final class MaxPool2D extends Pool2D {
    /** Non-overlapping {@code pool x pool} windows (stride = pool), as Keras's default. */
    public MaxPool2D(ImageShape input, int pool) {
        this(input, pool, pool);
    }

    public MaxPool2D(ImageShape input, int pool, int stride) {
        super(input, pool, stride, true);
    }

    @Override
    String kind() {
        return "MaxPool2D";
    }

    /** The kind the model file writes: {@code maxpool2d (channels, height, width, pool, stride)}. */
    public static final Kind<MaxPool2D> KIND = poolKind("maxpool2d", MaxPool2D::new);

    @Override
    public Spec spec() {
        return spec(KIND);
    }
}
