package org.nnj;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind of layer, activation, loss or normalizer, declared once, beside its class, as the class's
 * static {@code KIND} (Keras keeps {@code get_config} and {@code from_config} together in the same
 * way): the name the model file writes, the settings in the order they are written, each with its
 * type, and the factory that rebuilds an instance from a {@link Spec}. The class's {@code spec()} is
 * {@code KIND.spec(values...)}, in the order of {@link #fields()}, and {@link org.nnj.io.Registry} is
 * the list of kinds the format knows; so a setting is named, typed and ordered in one place.
 *
 * <p>For example {@code Dense.KIND} is {@code dense (in INT, out INT, activation ACTIVATION)}, and
 * {@code Dense.KIND.spec(784, 128, Activation.relu().spec())} is
 * {@code dense {in=784, out=128, activation=relu {}}}.
 *
 * @param name    the kind's name, as written in the file ({@code "dense"}, {@code "leakyrelu"})
 * @param fields  the settings, in written order
 * @param factory rebuilds an instance from a spec of this kind (parameters are filled in later)
 * @param <T>     the class built
 */
public record Kind<T>(String name, List<Field> fields, Function<Spec, ? extends T> factory) {
    /** How a setting is held in a spec and written: int32, float64, float64 array, or a nested activation. */
    public enum Type {
        /**
         * An {@code Integer} (int32, 0 to 2^24: sizes, flags, and enums by their code, such as {@code
         * Padding}'s; the kind's factory refuses what its class does not take).
         */
        INT,
        /** A {@code Double} (float64). */
        DOUBLE,
        /** A {@code double[]} (int32 length, then float64 values). */
        DOUBLES,
        /** A nested activation {@code Spec} (its name, then one float64: its only DOUBLE setting, or 0). */
        ACTIVATION;

        /** True if {@code value} is what a setting of this type holds. */
        public boolean holds(Object value) {
            return switch (this) {
                case INT -> value instanceof Integer;
                case DOUBLE -> value instanceof Double;
                case DOUBLES -> value instanceof double[];
                case ACTIVATION -> value instanceof Spec;
            };
        }
    }

    /**
     * One setting of a kind: its key in the spec and its type.
     *
     * @param key  the key, as in {@code "in"}
     * @param type how it is held and written
     */
    public record Field(String key, Type type) {
        public Field {
            Require.notNull(key, "key");
            Require.notNull(type, "type");
        }

        /** An int32 setting. */
        public static Field integer(String key) {
            return new Field(key, Type.INT);
        }

        /** A float64 setting. */
        public static Field real(String key) {
            return new Field(key, Type.DOUBLE);
        }

        /** A float64-array setting. */
        public static Field reals(String key) {
            return new Field(key, Type.DOUBLES);
        }

        /** A nested activation. */
        public static Field activation(String key) {
            return new Field(key, Type.ACTIVATION);
        }
    }

    public Kind {
        Require.notNull(name, "name");
        Require.notNull(factory, "factory");
        fields = List.copyOf(fields);
        Set<String> keys = new HashSet<>();
        for (Field f : fields) {
            if (!keys.add(f.key())) {
                throw new IllegalArgumentException(name + " declares setting '" + f.key() + "' twice");
            }
        }
    }

    /** The kind {@code name} with {@code fields}, in written order, rebuilt by {@code factory}. */
    public static <T> Kind<T> of(String name, Function<Spec, ? extends T> factory, Field... fields) {
        return new Kind<>(name, List.of(fields), factory);
    }

    /**
     * The spec of an instance of this kind: {@code values} are its settings, one per field, in the
     * order of {@link #fields()}.
     *
     * @throws IllegalArgumentException if there are not as many values as fields, or one is not of its
     *     field's type
     */
    public Spec spec(Object... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(
                    name + " has " + fields.size() + " settings " + fields + ", got " + values.length + " values");
        }
        Spec spec = Spec.of(name);
        for (int i = 0; i < values.length; i++) {
            Field f = fields.get(i);
            if (!f.type().holds(values[i])) {
                throw new IllegalArgumentException(name + "." + f.key() + " is " + f.type() + ", got "
                        + (values[i] == null ? "null" : values[i].getClass().getSimpleName()));
            }
            spec = spec.with(f.key(), values[i]);
        }
        return spec;
    }

    /**
     * An instance rebuilt from {@code spec}.
     *
     * @throws IllegalArgumentException if the spec is of another kind, lacks a setting, or holds
     *     settings the class refuses
     */
    public T create(Spec spec) {
        if (!spec.kind().equals(name)) {
            throw new IllegalArgumentException("a " + name + " cannot be built from a " + spec.kind() + " spec");
        }
        for (Field f : fields) {
            if (!f.type().holds(spec.config().get(f.key()))) {
                throw new IllegalArgumentException(name + "." + f.key() + " must be " + f.type() + " in " + spec);
            }
        }
        return factory.apply(spec);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" (");
        String sep = "";
        for (Field f : fields) {
            sb.append(sep).append(f.key()).append(' ').append(f.type());
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
