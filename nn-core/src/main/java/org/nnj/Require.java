package org.nnj;

/** Argument checks shared by the public entry points. */
public final class Require {
    private Require() {
    }

    /**
     * Returns {@code value}, or throws {@link IllegalArgumentException} naming the argument if it is null.
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
