package org.nnj;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a layer, activation, loss or normalizer is, as a name and ordered settings it can be rebuilt
 * from, like Keras's {@code get_config()}: {@code Dense} is
 * {@code dense {in=784, out=128, activation=relu {}}}. The model file writes specs. Each built-in
 * class declares its {@link Kind} (name, settings in order with their types, factory) beside its
 * {@code spec()}, which returns {@code KIND.spec(...)}; {@link org.nnj.io.Registry} lists the kinds.
 *
 * <p>Values are {@code Integer}, {@code Double}, {@code double[]} or a nested {@code Spec}. Immutable.
 *
 * @param kind   the registered name, as in {@code "dense"} or {@code "leakyrelu"}
 * @param config the settings, in the order they are written
 */
public record Spec(String kind, Map<String, Object> config) {
    public Spec {
        Require.notNull(kind, "kind");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A spec with no settings. */
    public static Spec of(String kind) {
        return new Spec(kind, Map.of());
    }

    /** This spec with one more setting (an Integer, Double, double[] or Spec). */
    public Spec with(String key, Object value) {
        if (!(value instanceof Integer
                || value instanceof Double
                || value instanceof double[]
                || value instanceof Spec)) {
            throw new IllegalArgumentException(kind + "." + key + " must be an Integer, Double, double[] or Spec, got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        Map<String, Object> more = new LinkedHashMap<>(config);
        more.put(key, value instanceof double[] d ? d.clone() : value);
        return new Spec(kind, more);
    }

    public int intValue(String key) {
        return (Integer) get(key);
    }

    public double doubleValue(String key) {
        return (Double) get(key);
    }

    public double[] doubles(String key) {
        return ((double[]) get(key)).clone();
    }

    public Spec spec(String key) {
        return (Spec) get(key);
    }

    private Object get(String key) {
        Object v = config.get(key);
        if (v == null) {
            throw new IllegalArgumentException(kind + " has no setting '" + key + "'");
        }
        return v;
    }

    /** Equal kinds with equal settings, arrays compared by their values (a record compares them by identity). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Spec other)
                || !kind.equals(other.kind)
                || !config.keySet().equals(other.config.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object a = e.getValue();
            Object b = other.config.get(e.getKey());
            if (a instanceof double[] x ? !(b instanceof double[] y && Arrays.equals(x, y)) : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object v = e.getValue();
            h = 31 * h + e.getKey().hashCode() + (v instanceof double[] d ? Arrays.hashCode(d) : v.hashCode());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind).append(" {");
        String sep = "";
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object v = e.getValue();
            sb.append(sep).append(e.getKey()).append('=').append(v instanceof double[] d ? Arrays.toString(d) : v);
            sep = ", ";
        }
        return sb.append('}').toString();
    }
}
