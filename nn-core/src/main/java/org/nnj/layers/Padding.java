package org.nnj.layers;

/**
 * How a convolution treats the image border, as in Keras.
 * <ul>
 *   <li>{@link #VALID}: no padding; the output is {@code floor((H - k) / s) + 1} rows high.</li>
 *   <li>{@link #SAME}: zeros around the image so that the output is {@code ceil(H / s)} rows high
 *       (the input's size at stride 1); of the {@code max((Ho - 1) s + k - H, 0)} padding rows, half
 *       (rounded down) go above and the rest below, and likewise for columns.</li>
 * </ul>
 */
public enum Padding {
    VALID,
    SAME;

    /** Output length along one axis of length {@code n}. */
    int outputLength(int n, int kernel, int stride) {
        return this == SAME ? (n + stride - 1) / stride : n < kernel ? 0 : (n - kernel) / stride + 1;
    }

    /** Zeros before the first element along an axis of length {@code n}. */
    int before(int n, int kernel, int stride) {
        if (this == VALID) {
            return 0;
        }
        int total = Math.max((outputLength(n, kernel, stride) - 1) * stride + kernel - n, 0);
        return total / 2;
    }
}
