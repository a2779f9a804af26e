package org.nnj;

import org.nd4j.linalg.api.buffer.DataType;

/** Argument checks shared by the public entry points, each written once. */
public final class Require {
    private Require() {}

    /**
     * Returns {@code value}, or throws {@link IllegalArgumentException} naming the argument if it is null.
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** Returns {@code type} if it is FLOAT or DOUBLE (the types the library computes in), else throws. */
    public static DataType floatOrDouble(DataType type, String name) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(
                    name + " must be FLOAT or DOUBLE, got " + type + " (convert an array with castTo(DataType.FLOAT))");
        }
        return type;
    }

    /** Returns {@code size} if it is > 0, else throws naming it. */
    public static int positive(int size, String name) {
        if (size <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + size);
        }
        return size;
    }
}
