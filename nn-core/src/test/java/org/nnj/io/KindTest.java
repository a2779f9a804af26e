package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nnj.Kind;
import org.nnj.Spec;
import org.nnj.activations.Activation;
import org.nnj.data.Normalizer;
import org.nnj.layers.Conv2D;
import org.nnj.layers.ImageShape;
import org.nnj.layers.Layer;
import org.nnj.layers.Padding;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.models.Network;

/**
 * Each kind is declared once, by its class: {@code spec()} writes exactly the kind's settings, in its
 * order and types; the kind rebuilds an equal object from it; every built-in class has a registered
 * {@code KIND}; padding is written by its code table, not its ordinal.
 */
class KindTest {
    /** Every layer, activation, loss and normalizer of the fixture networks, with their specs. */
    private static List<Object> samples() {
        List<Object> all = new ArrayList<>();
        for (var c : KindFixtureTest.CASES.values()) {
            KindFixtureTest.Case k = c.get();
            Network net = k.network();
            all.addAll(net.layers());
            for (Layer l : net.layers()) {
                Spec s = l.spec();
                s.config().values().stream()
                        .filter(v -> v instanceof Spec)
                        .forEach(v -> all.add(Activation.fromSpec((Spec) v)));
            }
            all.add(net.lossFunction());
            if (k.normalizer() != null) {
                all.add(k.normalizer());
            }
        }
        // the sequence layers and the sparse loss, added after the byte fixtures were written
        all.addAll(List.of(
                new org.nnj.layers.Embedding(10, 4, 6).withPaddingId(0),
                new org.nnj.layers.Embedding(10, 4, 6),
                new org.nnj.layers.PaddingMask(6, 0),
                new org.nnj.layers.PositionalEmbedding(6, 4),
                new org.nnj.layers.TimeDistributed(new org.nnj.layers.Dense(4, 3, Activation.relu()), 6),
                org.nnj.layers.GlobalTimePooling.average(6, 3),
                org.nnj.layers.GlobalTimePooling.max(6, 3),
                org.nnj.layers.GlobalImagePooling.average(new org.nnj.layers.ImageShape(2, 3, 3)),
                org.nnj.layers.GlobalImagePooling.max(new org.nnj.layers.ImageShape(2, 3, 3)),
                new org.nnj.losses.SparseSoftmaxCrossEntropy(5)));
        // activations added after the byte fixtures were written
        all.addAll(List.of(
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid()));
        // the merge layers of graph networks, which no chain fixture holds
        all.addAll(List.of(
                new org.nnj.layers.Add(new int[] {2, 3}, 3),
                new org.nnj.layers.Concatenate(List.of(new int[] {4}, new int[] {1, 2, 2})),
                new org.nnj.layers.Multiply(new int[] {1, 2, 2})));
        // layers added after the byte fixtures were written
        all.addAll(List.of(
                new org.nnj.layers.LayerNormalization(5),
                new org.nnj.layers.LayerNormalization(new org.nnj.layers.SequenceShape(3, 4)),
                new org.nnj.layers.BatchNormalization2D(new org.nnj.layers.ImageShape(2, 3, 4), 0.2, 1e-3),
                new org.nnj.layers.MultiHeadAttention(6, 8, 2, true)));
        // recurrent layers added after the byte fixtures were written
        org.nnj.layers.SequenceShape seq = new org.nnj.layers.SequenceShape(3, 2);
        all.addAll(List.of(
                new org.nnj.layers.SimpleRNN(seq, 4, true),
                new org.nnj.layers.LSTM(seq, 4, false),
                new org.nnj.layers.GRU(seq, 4, true),
                new org.nnj.layers.Bidirectional(new org.nnj.layers.LSTM(seq, 4, true)),
                new org.nnj.layers.Bidirectional(new org.nnj.layers.GRU(seq, 2, false))));
        return all;
    }

    @Test
    void networksWithTheNewerActivationsSaveAndLoadBitIdentically(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        for (Activation a : List.of(
                Activation.elu(0.7),
                Activation.selu(),
                Activation.softplus(),
                Activation.softsign(),
                Activation.hardSigmoid())) {
            Network net = Network.builder()
                    .seed(3)
                    .add(new org.nnj.layers.Dense(4, 6, a))
                    .add(new org.nnj.layers.Dense(6, 2))
                    .loss(org.nnj.losses.Loss.mse())
                    .build();
            Path file = dir.resolve(a.spec().kind() + ".nnj");
            ModelFile.save(file, net);
            Network back = ModelFile.load(file).network();
            org.nd4j.linalg.api.ndarray.INDArray x =
                    org.nnj.TestData.gaussian(org.nd4j.linalg.api.buffer.DataType.FLOAT, 9, 4, 3, 1);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    net.predict(x).data().asFloat(), back.predict(x).data().asFloat(), a.toString());
            assertEquals(a.spec(), back.layer(0).spec().config().get("activation"), a.toString());
        }
    }

    /** Networks with GELU, its tanh form and SiLU in every layer that takes one save, load and predict alike. */
    @Test
    void networksWithTheGatedActivationsSaveAndLoadBitIdentically(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        for (Activation a : List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu())) {
            org.nnj.layers.ImageShape image = new org.nnj.layers.ImageShape(1, 3, 3);
            Network net = Network.builder()
                    .seed(3)
                    .add(new org.nnj.layers.Conv2D(image, 2, 2, 1, org.nnj.layers.Padding.SAME, a))
                    .add(new org.nnj.layers.Flatten(new org.nnj.layers.ImageShape(2, 3, 3)))
                    .add(new org.nnj.layers.Dense(18, 6, a))
                    .add(new org.nnj.layers.ActivationLayer(6, a))
                    .add(new org.nnj.layers.Dense(6, 2))
                    .loss(org.nnj.losses.Loss.mse())
                    .build();
            Path file = dir.resolve(a.spec().kind() + ".nnj");
            ModelFile.save(file, net);
            Network back = ModelFile.load(file).network();
            org.nd4j.linalg.api.ndarray.INDArray x =
                    org.nnj.TestData.gaussian(org.nd4j.linalg.api.buffer.DataType.FLOAT, 9, 9, 3, 1);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    net.predict(x).data().asFloat(), back.predict(x).data().asFloat(), a.toString());
            for (int i : new int[] {0, 2, 3}) {
                assertEquals(a.spec(), back.layer(i).spec().config().get("activation"), a + " layer " + i);
            }
            assertSame(a, Activation.fromSpec(a.spec()), a.toString());
        }
        assertSame(Activation.silu(), Activation.swish(), "swish is SiLU");
    }

    private static Spec spec(Object o) {
        return o instanceof Layer l
                ? l.spec()
                : o instanceof Activation a ? a.spec() : o instanceof Loss s ? s.spec() : ((Normalizer) o).spec();
    }

    private static Kind<?> registered(Spec spec) {
        Kind<?> k = Registry.layerKind(spec.kind());
        if (k == null) {
            k = Registry.activationKind(spec.kind());
        }
        if (k == null) {
            k = Registry.normalizerKind(spec.kind());
        }
        if (k == null) {
            k = Registry.lossKinds().stream()
                    .filter(l -> l.name().equals(spec.kind()))
                    .findFirst()
                    .orElse(null);
        }
        return k;
    }

    @Test
    void everySpecIsItsKindsSettingsInOrderAndTheKindRebuildsIt() {
        Set<String> seen = new HashSet<>();
        for (Object o : samples()) {
            Spec s = spec(o);
            Kind<?> kind = registered(s);
            assertNotNull(kind, s + " is not registered");
            assertSame(kind, kindOf(o.getClass(), s.kind()), s + ": the registry lists the class's own KIND");
            List<String> keys = new ArrayList<>(s.config().keySet());
            if (o instanceof SoftmaxCrossEntropy w && w.classWeights() != null) {
                assertEquals("class_weights", keys.remove(keys.size() - 1)); // a training setting, not written
            }
            assertEquals(kind.fields().stream().map(Kind.Field::key).toList(), keys, s.toString());
            for (Kind.Field f : kind.fields()) {
                assertTrue(f.type().holds(s.config().get(f.key())), s + "." + f.key());
            }
            Object again = kind.create(s);
            assertEquals(o.getClass(), again.getClass(), s.toString());
            String expected = o instanceof SoftmaxCrossEntropy ? kind.spec().toString() : s.toString();
            assertEquals(expected, spec(again).toString());
            seen.add(s.kind());
        }
        // the samples cover every registered kind
        Set<String> all = new HashSet<>();
        Registry.layerKinds().forEach(k -> all.add(k.name()));
        Registry.lossKinds().forEach(k -> all.add(k.name()));
        Registry.normalizerKinds().values().forEach(k -> all.add(k.name()));
        Activation.kinds().forEach(k -> all.add(k.name()));
        assertEquals(all, seen);
    }

    /** The KIND (or FROM_LOGITS_KIND) a class declares with {@code name}. */
    private static Kind<?> kindOf(Class<?> c, String name) {
        for (Field f : c.getDeclaredFields()) {
            if (f.getType() == Kind.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    Kind<?> k = (Kind<?>) f.get(null);
                    if (k.name().equals(name)) {
                        return k;
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }

    @Test
    void everyBuiltInClassDeclaresARegisteredKind() throws Exception {
        Set<Kind<?>> registered = new HashSet<>();
        registered.addAll(Registry.layerKinds());
        registered.addAll(Registry.lossKinds());
        registered.addAll(Registry.normalizerKinds().values());
        registered.addAll(Activation.kinds());
        List<String> missing = new ArrayList<>();
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                boolean concrete = Modifier.isPublic(c.getModifiers())
                        && !Modifier.isAbstract(c.getModifiers())
                        && !c.isInterface();
                boolean kindOfThing = Layer.class.isAssignableFrom(c)
                        || Activation.class.isAssignableFrom(c)
                        || Loss.class.isAssignableFrom(c)
                        || Normalizer.class.isAssignableFrom(c);
                if (!concrete || !kindOfThing) {
                    continue;
                }
                boolean declared = false;
                for (Field fld : c.getDeclaredFields()) {
                    if (fld.getType() == Kind.class && Modifier.isStatic(fld.getModifiers())) {
                        declared = true;
                        if (!registered.contains(fld.get(null))) {
                            missing.add(name + "." + fld.getName() + " is not in the Registry");
                        }
                    }
                }
                if (!declared) {
                    missing.add(name + " declares no KIND");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void kindNamesAreUnique() {
        List<String> names = new ArrayList<>();
        Registry.layerKinds().forEach(k -> names.add("layer " + k.name()));
        Registry.lossKinds().forEach(k -> names.add("loss " + k.name()));
        Registry.normalizerKinds().values().forEach(k -> names.add("normalizer " + k.name()));
        Activation.kinds().forEach(k -> names.add("activation " + k.name()));
        assertEquals(names.size(), new HashSet<>(names).size(), names.toString());
    }

    @Test
    void normalizerCodesAreTheFormats() {
        assertEquals("standardizer", Registry.normalizerKind(1).name());
        assertEquals("minmax", Registry.normalizerKind(2).name());
        assertEquals(1, Registry.normalizerCode("standardizer"));
        assertEquals(2, Registry.normalizerCode("minmax"));
        assertEquals(0, Registry.normalizerCode("other"));
        assertEquals(null, Registry.normalizerKind(3));
    }

    @Test
    void paddingIsWrittenByItsCodeTableNotItsOrdinal() {
        assertEquals(1, Padding.VALID.code()); // the codes files hold since format version 1
        assertEquals(2, Padding.SAME.code());
        Set<Integer> codes = new HashSet<>();
        for (Padding p : Padding.values()) {
            assertTrue(codes.add(p.code()), p + "'s code is taken");
            assertSame(p, Padding.ofCode(p.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> Padding.ofCode(0));
        assertThrows(IllegalArgumentException.class, () -> Padding.ofCode(3));
        Conv2D same = new Conv2D(new ImageShape(1, 4, 4), 2, 3, 1, Padding.SAME, Activation.relu());
        assertEquals(2, same.spec().intValue("padding"));
        assertSame(Padding.SAME, Conv2D.KIND.create(same.spec()).padding());
    }

    @Test
    void aKindRefusesValuesThatAreNotItsSettings() {
        assertThrows(IllegalArgumentException.class, () -> Conv2D.KIND.spec(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> org.nnj.layers.Dropout.KIND.spec(4, 1)); // p is a Double
        assertThrows(
                IllegalArgumentException.class, () -> Conv2D.KIND.create(org.nnj.layers.Dropout.KIND.spec(4, 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Conv2D.KIND.create(Spec.of("conv2d")));
        assertThrows(
                IllegalArgumentException.class,
                () -> Kind.of("twice", s -> null, Kind.Field.integer("a"), Kind.Field.real("a")));
        assertThrows(IllegalArgumentException.class, () -> Activation.fromSpec(Spec.of("swish")));
    }
}
