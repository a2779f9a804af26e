package org.nnj.init;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a parameter tensor gets its first values. Every random draw comes from the {@link Random}
 * passed in, which the network seeds once at build time, so the same seed gives bit-identical
 * parameters ({@code java.util.Random} is specified to the bit, on every JVM).
 *
 * <p>For a dense layer's weights, {@code fanIn} is the number of inputs and {@code fanOut} the number
 * of outputs.
 */
public interface Initializer {
    /** Fills {@code target} with initial values. */
    void fill(INDArray target, int fanIn, int fanOut, Random rng);

    /**
     * Checks the settings against the tensor type, once the layer's type is known (at build): a value
     * valid as a double must not exceed the type's largest finite value (float32: 3.4028235E38), or
     * the parameter would start at infinity ({@link org.nnj.Require#representable}). Nothing to check
     * for the fan-scaled initializers.
     *
     * @param where the layer and parameter, for the message
     */
    default void requireRepresentable(org.nd4j.linalg.api.buffer.DataType type, String where) {}

    /** All zeros (the usual bias initializer). */
    static Initializer zeros() {
        return new Constant(0);
    }

    /** Every element equal to {@code value}. */
    static Initializer constant(double value) {
        return new Constant(value);
    }

    /** {@code N(0, std^2)}. */
    static Initializer normal(double std) {
        return new Normal(std);
    }

    /** {@code U(low, high)}. */
    static Initializer uniform(double low, double high) {
        return new Uniform(low, high);
    }

    /** Glorot/Xavier normal: {@code N(0, 2 / (fanIn + fanOut))}. */
    static Initializer xavierNormal() {
        return new XavierNormal();
    }

    /** Glorot/Xavier uniform: {@code U(-l, l)}, {@code l = sqrt(6 / (fanIn + fanOut))} (Keras's default). */
    static Initializer xavierUniform() {
        return new XavierUniform();
    }

    /** He/Kaiming normal, for ReLU layers: {@code N(0, 2 / fanIn)}. */
    static Initializer he() {
        return new HeNormal();
    }

    /** He/Kaiming uniform: {@code U(-l, l)}, {@code l = sqrt(6 / fanIn)}. */
    static Initializer heUniform() {
        return new HeUniform();
    }
}
