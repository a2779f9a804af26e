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

    /** The largest finite value of a FLOAT or DOUBLE tensor: {@code Float.MAX_VALUE} or {@code Double.MAX_VALUE}. */
    public static double largestFinite(DataType type) {
        return type == DataType.FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    }

    /** {@link #largestFinite} as the type prints it: 3.4028235E38 for FLOAT, 1.7976931348623157E308 for DOUBLE. */
    public static String largestFiniteText(DataType type) {
        return type == DataType.FLOAT ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE);
    }

    /**
     * Returns {@code value} if {@code |value|} is at most the type's largest finite value
     * ({@link #largestFinite}), else throws naming the setting, its value and that largest value: a
     * setting valid as a double can overflow to infinity in float32 (3.4028235E38).
     */
    public static double representable(double value, DataType type, String name) {
        if (!(Math.abs(value) <= largestFinite(type))) {
            throw new IllegalArgumentException(name + " = " + value + " does not fit a " + type
                    + " network: its largest finite value is " + largestFiniteText(type)
                    + " (use a value of at most that size" + (type == DataType.FLOAT ? ", or dataType(DOUBLE)" : "")
                    + ")");
        }
        return value;
    }
}
