package org.nnj.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Standardizer;
import org.nnj.init.Initializer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.AvgPool2D;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Flatten;
import org.nnj.layers.ImageShape;
import org.nnj.layers.Layer;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.Padding;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;

/**
 * The one map from the names in a {@link Spec} back to factories: every layer, activation, loss and
 * normalizer the model file can hold is registered here with the settings it is written with, in
 * order. Each class describes itself ({@code spec()}); adding a kind to the format is one entry here.
 */
public final class Registry {
    /** How a setting is written: int32, float64, float64 array, or a nested activation spec. */
    public enum Type {
        INT,
        DOUBLE,
        DOUBLES,
        ACTIVATION
    }

    /** One setting of a kind: its key in the spec and how it is written. */
    public record Field(String key, Type type) {}

    /** A registered kind: its settings in written order, and how to rebuild it from a spec. */
    public record Kind<T>(String name, List<Field> fields, Function<Spec, T> factory) {}

    private static final Map<String, Kind<Layer>> LAYERS = new LinkedHashMap<>();
    private static final Map<String, Kind<Activation>> ACTIVATIONS = new LinkedHashMap<>();
    /** Losses by kind; a loss with one setting (Huber's delta) is written as {@code kind:value}. */
    private static final Map<String, Kind<Loss>> LOSSES = new LinkedHashMap<>();
    /** Normalizers by kind; their position (from 1) is the code written in the file, 0 meaning none. */
    private static final Map<String, Kind<Normalizer>> NORMALIZERS = new LinkedHashMap<>();

    static {
        Field activation = new Field("activation", Type.ACTIVATION);
        layer(
                "dense",
                s -> new Dense(
                        s.intValue("in"),
                        s.intValue("out"),
                        activation(s.spec("activation")),
                        Initializer.zeros(),
                        Initializer.zeros()),
                new Field("in", Type.INT),
                new Field("out", Type.INT),
                activation);
        layer(
                "activation",
                s -> new ActivationLayer(s.intValue("size"), activation(s.spec("activation"))),
                new Field("size", Type.INT),
                activation);
        layer(
                "dropout",
                s -> new Dropout(s.intValue("size"), s.doubleValue("p")),
                new Field("size", Type.INT),
                new Field("p", Type.DOUBLE));
        Field channels = new Field("channels", Type.INT);
        Field height = new Field("height", Type.INT);
        Field width = new Field("width", Type.INT);
        layer(
                "conv2d",
                s -> new Conv2D(
                        image(s),
                        s.intValue("filters"),
                        s.intValue("kernel"),
                        s.intValue("stride"),
                        padding(s.intValue("padding")),
                        activation(s.spec("activation")),
                        Initializer.zeros()),
                channels,
                height,
                width,
                new Field("filters", Type.INT),
                new Field("kernel", Type.INT),
                new Field("stride", Type.INT),
                new Field("padding", Type.INT),
                activation);
        Field pool = new Field("pool", Type.INT);
        Field stride = new Field("stride", Type.INT);
        layer(
                "maxpool2d",
                s -> new MaxPool2D(image(s), s.intValue("pool"), s.intValue("stride")),
                channels,
                height,
                width,
                pool,
                stride);
        layer(
                "avgpool2d",
                s -> new AvgPool2D(image(s), s.intValue("pool"), s.intValue("stride")),
                channels,
                height,
                width,
                pool,
                stride);
        layer("flatten", s -> new Flatten(image(s)), channels, height, width);
        layer(
                "batchnorm",
                s -> new BatchNormalization(s.intValue("size"), s.doubleValue("momentum"), s.doubleValue("epsilon")),
                new Field("size", Type.INT),
                new Field("momentum", Type.DOUBLE),
                new Field("epsilon", Type.DOUBLE));
        activation("identity", s -> Activation.identity());
        activation("step", s -> Activation.step());
        activation("sigmoid", s -> Activation.sigmoid());
        activation("tanh", s -> Activation.tanh());
        activation("relu", s -> Activation.relu());
        activation("softmax", s -> Activation.softmax());
        activation("leakyrelu", s -> Activation.leakyRelu(s.doubleValue("alpha")), new Field("alpha", Type.DOUBLE));
        loss("mse", s -> Loss.mse());
        loss("mae", s -> Loss.mae());
        loss("binary_crossentropy", s -> BinaryCrossEntropy.onProbabilities());
        loss("binary_crossentropy_from_logits", s -> BinaryCrossEntropy.fromLogits());
        loss("categorical_crossentropy", s -> Loss.categoricalCrossEntropy());
        loss("softmax_crossentropy", s -> Loss.softmaxCrossEntropy());
        loss("huber", s -> Loss.huber(s.doubleValue("delta")), new Field("delta", Type.DOUBLE));
        normalizer(
                "standardizer",
                s -> new Standardizer(s.doubles("mean"), s.doubles("std")),
                new Field("mean", Type.DOUBLES),
                new Field("std", Type.DOUBLES));
        normalizer(
                "minmax",
                s -> new MinMaxScaler(s.doubles("min"), s.doubles("range")),
                new Field("min", Type.DOUBLES),
                new Field("range", Type.DOUBLES));
    }

    private Registry() {}

    private static ImageShape image(Spec s) {
        return new ImageShape(s.intValue("channels"), s.intValue("height"), s.intValue("width"));
    }

    /** Padding is written as 1 (VALID) or 2 (SAME). */
    private static Padding padding(int code) {
        if (code < 1 || code > Padding.values().length) {
            throw new IllegalArgumentException("unknown padding code " + code);
        }
        return Padding.values()[code - 1];
    }

    private static void layer(String name, Function<Spec, Layer> factory, Field... fields) {
        LAYERS.put(name, new Kind<>(name, List.of(fields), factory));
    }

    private static void activation(String name, Function<Spec, Activation> factory, Field... fields) {
        ACTIVATIONS.put(name, new Kind<>(name, List.of(fields), factory));
    }

    private static void loss(String name, Function<Spec, Loss> factory, Field... fields) {
        LOSSES.put(name, new Kind<>(name, List.of(fields), factory));
    }

    private static void normalizer(String name, Function<Spec, Normalizer> factory, Field... fields) {
        NORMALIZERS.put(name, new Kind<>(name, List.of(fields), factory));
    }

    /** The registered layer kind, or null. */
    public static Kind<Layer> layerKind(String name) {
        return LAYERS.get(name);
    }

    /** The registered activation kind (at most one DOUBLE setting, as the format writes it), or null. */
    public static Kind<Activation> activationKind(String name) {
        return ACTIVATIONS.get(name);
    }

    /** The registered normalizer kind, or null. */
    public static Kind<Normalizer> normalizerKind(String name) {
        return NORMALIZERS.get(name);
    }

    /** The code a normalizer kind is written with (1, 2, ...), or 0 if it is not registered. */
    static int normalizerCode(String name) {
        return List.copyOf(NORMALIZERS.keySet()).indexOf(name) + 1;
    }

    /** The normalizer kind written with {@code code} (from 1), or null. */
    static Kind<Normalizer> normalizerKind(int code) {
        List<Kind<Normalizer>> kinds = List.copyOf(NORMALIZERS.values());
        return code >= 1 && code <= kinds.size() ? kinds.get(code - 1) : null;
    }

    /**
     * The name a loss is written with: its kind, then {@code :value} for a loss with one setting; null
     * if the kind is not registered.
     */
    static String lossName(Spec spec) {
        Kind<Loss> kind = LOSSES.get(spec.kind());
        if (kind == null) {
            return null;
        }
        return kind.fields().isEmpty()
                ? spec.kind()
                : spec.kind() + ":" + spec.doubleValue(kind.fields().get(0).key());
    }

    /** The loss a written name describes, or null if it names no registered loss. */
    public static Loss loss(String name) {
        int colon = name.indexOf(':');
        Kind<Loss> kind = LOSSES.get(colon < 0 ? name : name.substring(0, colon));
        if (kind == null || kind.fields().isEmpty() != (colon < 0)) {
            return null;
        }
        Spec spec = Spec.of(kind.name());
        if (colon >= 0) {
            try {
                spec = spec.with(kind.fields().get(0).key(), Double.parseDouble(name.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return kind.factory().apply(spec);
    }

    /** The activation a registered spec describes. */
    public static Activation activation(Spec spec) {
        Kind<Activation> kind = ACTIVATIONS.get(spec.kind());
        if (kind == null) {
            throw new IllegalArgumentException(
                    "unknown activation '" + spec.kind() + "'; the model format knows " + ACTIVATIONS.keySet());
        }
        return kind.factory().apply(spec);
    }

    /** The names of the registered layers, activations, losses and normalizers, for messages. */
    static String known() {
        return "layers " + LAYERS.keySet() + ", activations " + ACTIVATIONS.keySet() + ", losses " + LOSSES.keySet()
                + ", normalizers " + NORMALIZERS.keySet();
    }
}
