package org.nnj.layers;

import java.util.Map;

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

    /**
     * The code the model file writes for each padding, by name: a stable table, never the ordinal, so
     * that reordering or adding constants changes no file. A new constant takes a new code.
     */
    private static final Map<String, Integer> CODES = Map.of("VALID", 1, "SAME", 2);

    /** The code this padding is written with in a model file: VALID 1, SAME 2. */
    public int code() {
        Integer code = CODES.get(name());
        if (code == null) {
            throw new IllegalStateException("Padding." + name() + " has no code in the model format's table");
        }
        return code;
    }

    /**
     * The padding a model file's {@code code} stands for.
     *
     * @throws IllegalArgumentException for a code no padding has
     */
    public static Padding ofCode(int code) {
        for (Padding p : values()) {
            if (CODES.get(p.name()) == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown padding code " + code + "; the codes are " + CODES);
    }
}
