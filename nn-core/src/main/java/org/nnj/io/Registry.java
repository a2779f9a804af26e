package org.nnj.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.Kind;
import org.nnj.Kind.Type;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Standardizer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Add;
import org.nnj.layers.AvgPool2D;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.BatchNormalization2D;
import org.nnj.layers.Bidirectional;
import org.nnj.layers.Concatenate;
import org.nnj.layers.Conv2D;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Embedding;
import org.nnj.layers.Flatten;
import org.nnj.layers.GRU;
import org.nnj.layers.GlobalImagePooling;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.LSTM;
import org.nnj.layers.Layer;
import org.nnj.layers.LayerNormalization;
import org.nnj.layers.MaxPool2D;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.Multiply;
import org.nnj.layers.PaddingMask;
import org.nnj.layers.PositionalEmbedding;
import org.nnj.layers.SimpleRNN;
import org.nnj.layers.TimeDistributed;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.CategoricalCrossEntropy;
import org.nnj.losses.Huber;
import org.nnj.losses.Loss;
import org.nnj.losses.MAE;
import org.nnj.losses.MSE;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.losses.SparseSoftmaxCrossEntropy;

/**
 * The kinds the model file can hold: lists of the {@link Kind}s each layer, loss and normalizer class
 * declares beside its {@code spec()} (the activations are {@link Activation#kinds()}, since a layer's
 * kind rebuilds the activation it nests). A kind's name, settings, their types and order, and its
 * factory are its class's; adding a kind to the format is adding its {@code KIND} to a list here.
 */
public final class Registry {
    private static final List<Kind<? extends Layer>> LAYERS = List.of(
            Dense.KIND,
            ActivationLayer.KIND,
            Dropout.KIND,
            Conv2D.KIND,
            MaxPool2D.KIND,
            AvgPool2D.KIND,
            Flatten.KIND,
            BatchNormalization.KIND,
            Add.KIND,
            Concatenate.KIND,
            Multiply.KIND,
            Embedding.KIND,
            PaddingMask.KIND,
            PositionalEmbedding.KIND,
            TimeDistributed.KIND,
            GlobalTimePooling.KIND,
            GlobalImagePooling.KIND,
            LayerNormalization.KIND,
            BatchNormalization2D.KIND,
            MultiHeadAttention.KIND,
            SimpleRNN.KIND,
            LSTM.KIND,
            GRU.KIND,
            Bidirectional.KIND);

    /** Losses; a loss with one setting (Huber's delta) is written as {@code kind:value}. */
    private static final List<Kind<? extends Loss>> LOSSES = List.of(
            MSE.KIND,
            MAE.KIND,
            BinaryCrossEntropy.KIND,
            BinaryCrossEntropy.FROM_LOGITS_KIND,
            CategoricalCrossEntropy.KIND,
            SoftmaxCrossEntropy.KIND,
            Huber.KIND,
            SparseSoftmaxCrossEntropy.KIND);

    /** Normalizers by the code the file writes for them (0 meaning none): the format's table, never reorder. */
    private static final Map<Integer, Kind<? extends Normalizer>> NORMALIZERS = new LinkedHashMap<>();

    static {
        NORMALIZERS.put(1, Standardizer.KIND);
        NORMALIZERS.put(2, MinMaxScaler.KIND);
        for (Kind<?> k : Activation.kinds()) {
            requireAtMostOneDouble(k, "an activation is written as its name and one float64");
        }
        for (Kind<?> k : LOSSES) {
            requireAtMostOneDouble(k, "a loss is written as its name, or name:value");
        }
    }

    private Registry() {}

    private static void requireAtMostOneDouble(Kind<?> kind, String why) {
        if (kind.fields().size() > 1
                || (kind.fields().size() == 1 && kind.fields().get(0).type() != Type.DOUBLE)) {
            throw new IllegalStateException(kind + " cannot be registered: " + why);
        }
    }

    private static <K extends Kind<?>> K named(List<K> kinds, String name) {
        for (K k : kinds) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The registered layer kinds, in the format's order. */
    static List<Kind<? extends Layer>> layerKinds() {
        return LAYERS;
    }

    /** The registered loss kinds. */
    static List<Kind<? extends Loss>> lossKinds() {
        return LOSSES;
    }

    /** The registered normalizer kinds by their codes. */
    static Map<Integer, Kind<? extends Normalizer>> normalizerKinds() {
        return java.util.Collections.unmodifiableMap(NORMALIZERS);
    }

    /** The registered layer kind, or null. */
    public static Kind<? extends Layer> layerKind(String name) {
        return named(LAYERS, name);
    }

    /** The registered activation kind (at most one DOUBLE setting, as the format writes it), or null. */
    public static Kind<? extends Activation> activationKind(String name) {
        return named(Activation.kinds(), name);
    }

    /** The registered normalizer kind, or null. */
    public static Kind<? extends Normalizer> normalizerKind(String name) {
        return named(List.copyOf(NORMALIZERS.values()), name);
    }

    /** The code a normalizer kind is written with (1, 2, ...), or 0 if it is not registered. */
    static int normalizerCode(String name) {
        for (Map.Entry<Integer, Kind<? extends Normalizer>> e : NORMALIZERS.entrySet()) {
            if (e.getValue().name().equals(name)) {
                return e.getKey();
            }
        }
        return 0;
    }

    /** The normalizer kind written with {@code code} (from 1), or null. */
    static Kind<? extends Normalizer> normalizerKind(int code) {
        return NORMALIZERS.get(code);
    }

    /**
     * The name a loss is written with: its kind, then {@code :value} for a loss with one setting; null
     * if the kind is not registered.
     */
    static String lossName(Spec spec) {
        Kind<? extends Loss> kind = named(LOSSES, spec.kind());
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
        Kind<? extends Loss> kind = named(LOSSES, colon < 0 ? name : name.substring(0, colon));
        if (kind == null || kind.fields().isEmpty() != (colon < 0)) {
            return null;
        }
        if (colon < 0) {
            return kind.create(kind.spec());
        }
        try {
            return kind.create(kind.spec(Double.parseDouble(name.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The activation a registered spec describes. */
    public static Activation activation(Spec spec) {
        return Activation.fromSpec(spec);
    }

    /** The names of the registered layers, activations, losses and normalizers, for messages. */
    static String known() {
        return "layers " + names(LAYERS) + ", activations " + names(Activation.kinds()) + ", losses " + names(LOSSES)
                + ", normalizers " + names(List.copyOf(NORMALIZERS.values()));
    }

    private static List<String> names(List<? extends Kind<?>> kinds) {
        return kinds.stream().map(Kind::name).toList();
    }
}
