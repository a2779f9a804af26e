package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Standardizer;
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
import org.nnj.layers.Parameter;
import org.nnj.losses.BinaryCrossEntropy;
import org.nnj.losses.Loss;
import org.nnj.losses.SoftmaxCrossEntropy;
import org.nnj.models.Network;

/**
 * Every layer kind (both paddings, strides above 1), every activation (in dense layers and as
 * activation layers), every loss (softmax cross-entropy with class weights too, which the file does
 * not keep) and every normalizer (and none), in float32 and float64, saved by an earlier build: the
 * bytes that build wrote are committed in {@code fixtures/kinds} (see its {@code PROVENANCE.md}).
 * This build must write the very same bytes for the same networks, and load each file into the same
 * specs and bit-identical values (saving it again reproduces the file).
 *
 * <p>To regenerate (only ever from a build whose format is known good):
 * {@code mvn -B -pl nn-core test -Dtest=KindFixtureTest -Dnnj.writeKindFixtures=true}; to write only
 * the files of new cases, add {@code -Dnnj.kindFixtures=<name>,<name>}.
 */
class KindFixtureTest {
    static final Path WRITE_TO = Path.of("src/test/resources/fixtures/kinds");

    /** A network, its normalizer (or null), built with set values so that no initializer is involved. */
    record Case(Network network, Normalizer normalizer) {}

    static final Map<String, Supplier<Case>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("layers-float", () -> layersFloat());
        CASES.put("layers-double", () -> layersDouble());
        CASES.put("activations-float", () -> activations(DataType.FLOAT));
        CASES.put("activations-double", () -> activations(DataType.DOUBLE));
        CASES.put("activations-gated-float", () -> gated(DataType.FLOAT));
        CASES.put("activations-gated-double", () -> gated(DataType.DOUBLE));
        loss("mse", DataType.FLOAT, Loss.mse(), Activation.identity(), 1, "standardizer");
        loss("mae", DataType.DOUBLE, Loss.mae(), Activation.identity(), 2, "minmax");
        loss("binary_crossentropy", DataType.FLOAT, Loss.binaryCrossEntropy(), Activation.sigmoid(), 1, null);
        loss(
                "binary_crossentropy_from_logits",
                DataType.DOUBLE,
                BinaryCrossEntropy.fromLogits(),
                Activation.identity(),
                1,
                "standardizer");
        loss(
                "categorical_crossentropy",
                DataType.FLOAT,
                Loss.categoricalCrossEntropy(),
                Activation.softmax(),
                3,
                "minmax");
        loss("softmax_crossentropy", DataType.DOUBLE, Loss.softmaxCrossEntropy(), Activation.identity(), 3, null);
        loss(
                "softmax_crossentropy_weighted",
                DataType.FLOAT,
                new SoftmaxCrossEntropy().withClassWeights(new double[] {0.5, 2, 1.25}),
                Activation.identity(),
                3,
                "standardizer");
        loss("huber", DataType.DOUBLE, Loss.huber(0.75), Activation.identity(), 2, "minmax");
    }

    static Stream<String> names() {
        return CASES.keySet().stream();
    }

    private static void loss(String name, DataType type, Loss loss, Activation last, int outputs, String norm) {
        CASES.put("loss-" + name, () -> {
            Network net = Network.builder()
                    .dataType(type)
                    .add(new Dense(2, 3, Activation.tanh()))
                    .add(new Dense(3, outputs, last))
                    .loss(loss)
                    .build();
            Normalizer n = norm == null ? null : norm.equals("standardizer") ? standardizer(2) : minMax(2);
            return new Case(fill(net), n);
        });
    }

    /** conv2d (SAME, stride 1) → maxpool2d → conv2d (VALID) → avgpool2d (stride 1) → flatten → dense → ... */
    private static Case layersFloat() {
        Network net = Network.builder()
                .dataType(DataType.FLOAT)
                .add(new Conv2D(new ImageShape(1, 6, 6), 2, 3, 1, Padding.SAME, Activation.tanh()))
                .add(new MaxPool2D(new ImageShape(2, 6, 6), 2))
                .add(new Conv2D(new ImageShape(2, 3, 3), 3, 2, 1, Padding.VALID, Activation.leakyRelu(0.3)))
                .add(new AvgPool2D(new ImageShape(3, 2, 2), 2, 1))
                .add(new Flatten(new ImageShape(3, 1, 1)))
                .add(new Dense(3, 4, Activation.relu()))
                .add(new BatchNormalization(4, 0.2, 1e-3))
                .add(new Dropout(4, 0.25))
                .add(new ActivationLayer(4, Activation.sigmoid()))
                .add(new Dense(4, 2, Activation.identity()))
                .loss(Loss.mse())
                .build();
        return new Case(fill(net), standardizer(36));
    }

    /** conv2d (SAME, stride 2) → maxpool2d (stride 1) → conv2d (1x1, VALID) → avgpool2d → flatten → ... */
    private static Case layersDouble() {
        Network net = Network.builder()
                .dataType(DataType.DOUBLE)
                .add(new Conv2D(new ImageShape(1, 6, 6), 2, 3, 2, Padding.SAME, Activation.relu()))
                .add(new MaxPool2D(new ImageShape(2, 3, 3), 2, 1))
                .add(new Conv2D(new ImageShape(2, 2, 2), 2, 1, 1, Padding.VALID, Activation.identity()))
                .add(new AvgPool2D(new ImageShape(2, 2, 2), 2))
                .add(new Flatten(new ImageShape(2, 1, 1)))
                .add(new BatchNormalization(2))
                .add(new Dropout(2, 0.5))
                .add(new Dense(2, 3, Activation.softmax()))
                .loss(Loss.mae())
                .build();
        return new Case(fill(net), minMax(36));
    }

    /** Every activation in a dense layer and as an activation layer (step and softmax in the middle too), and a convolution's sigmoid and step. */
    private static Case activations(DataType type) {
        List<Activation> all = List.of(
                Activation.identity(),
                Activation.step(),
                Activation.sigmoid(),
                Activation.tanh(),
                Activation.relu(),
                Activation.leakyRelu(0.01),
                Activation.leakyRelu(0.2),
                Activation.softmax());
        Network.Builder b = Network.builder().dataType(type);
        int in = 3;
        for (Activation a : all) {
            b.add(new Dense(in, 4, a));
            in = 4;
        }
        for (Activation a : all) {
            b.add(new ActivationLayer(4, a));
        }
        b.add(new Conv2D(new ImageShape(1, 2, 2), 2, 1, 1, Padding.VALID, Activation.sigmoid()));
        b.add(new Conv2D(new ImageShape(2, 2, 2), 1, 2, 1, Padding.SAME, Activation.step()));
        b.add(new Dense(4, 3, Activation.softmax()));
        return new Case(fill(b.loss(Loss.categoricalCrossEntropy()).build()), null);
    }

    /**
     * GELU, its tanh form and SiLU (written later than the cases above, in their own files): each in a
     * dense layer and as an activation layer, and a convolution's GELU and SiLU.
     */
    private static Case gated(DataType type) {
        List<Activation> all = List.of(Activation.gelu(), Activation.geluTanh(), Activation.silu());
        Network.Builder b = Network.builder().dataType(type);
        int in = 3;
        for (Activation a : all) {
            b.add(new Dense(in, 4, a));
            in = 4;
        }
        for (Activation a : all) {
            b.add(new ActivationLayer(4, a));
        }
        b.add(new Conv2D(new ImageShape(1, 2, 2), 2, 1, 1, Padding.VALID, Activation.gelu()));
        b.add(new Conv2D(new ImageShape(2, 2, 2), 1, 2, 1, Padding.SAME, Activation.silu()));
        b.add(new Dense(4, 2, Activation.identity()));
        return new Case(fill(b.loss(Loss.mse()).build()), standardizer(3));
    }

    private static Standardizer standardizer(int columns) {
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int i = 0; i < columns; i++) {
            mean[i] = i / 4.0 - 1;
            std[i] = 0.5 + i / 8.0;
        }
        return new Standardizer(mean, std);
    }

    private static MinMaxScaler minMax(int columns) {
        double[] min = new double[columns];
        double[] range = new double[columns];
        for (int i = 0; i < columns; i++) {
            min[i] = -i / 8.0;
            range[i] = 1 + i / 16.0;
        }
        return new MinMaxScaler(min, range);
    }

    /** Sets every parameter and buffer to exact binary fractions, so the bytes depend on no initializer. */
    private static Network fill(Network net) {
        int k = 0;
        for (Parameter p : net.parameters()) {
            set(p.value(), k++, 7, 17, -8, 16.0);
        }
        for (Layer layer : net.layers()) {
            for (Parameter p : layer.buffers()) {
                set(p.value(), k++, 5, 7, 1, 8.0);
            }
        }
        return net;
    }

    private static void set(INDArray v, int k, int step, int mod, int shift, double scale) {
        long n = v.length();
        for (int i = 0; i < n; i++) {
            v.putScalar(i, ((i * step + k * 3) % mod + shift) / scale);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void writesTheBytesTheEarlierBuildWrote(String name) throws Exception {
        Case c = CASES.get(name).get();
        assertArrayEquals(resource(name), ModelFile.toBytes(c.network(), c.normalizer(), null), name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void loadsIntoTheSameSpecsAndValues(String name) throws Exception {
        byte[] bytes = resource(name);
        Case c = CASES.get(name).get();
        SavedModel saved = ModelFile.fromBytes(bytes, name);
        Network net = saved.network();
        assertEquals(specs(c.network()), specs(net), name);
        if (!name.equals("loss-softmax_crossentropy_weighted")) { // class weights are not kept
            assertEquals(
                    c.network().lossFunction().spec().toString(),
                    net.lossFunction().spec().toString());
        }
        assertEquals(
                c.normalizer() == null ? null : c.normalizer().spec().toString(),
                saved.normalizer() == null ? null : saved.normalizer().spec().toString());
        assertEquals(bits(c.network()), bits(net), name);
        assertArrayEquals(bytes, ModelFile.toBytes(net, saved.normalizer(), null), name + " re-saved");
    }

    private static List<String> specs(Network net) {
        return net.layers().stream().map(l -> l.spec().toString()).toList();
    }

    /** The raw bits of every parameter and buffer value. */
    private static List<Long> bits(Network net) {
        List<Long> all = new ArrayList<>();
        List<Parameter> tensors = new ArrayList<>(net.parameters());
        net.layers().forEach(l -> tensors.addAll(l.buffers()));
        for (Parameter p : tensors) {
            INDArray v = p.value();
            for (long i = 0; i < v.length(); i++) {
                all.add(Double.doubleToRawLongBits(v.getDouble(i)));
            }
        }
        return all;
    }

    /**
     * Writes the fixtures from this build; run only on a build whose format is the reference. With
     * {@code -Dnnj.kindFixtures=name,name} only the cases named (new ones: the others' bytes stay).
     */
    @Test
    @EnabledIfSystemProperty(named = "nnj.writeKindFixtures", matches = "true")
    void writeFixtures() throws Exception {
        Files.createDirectories(WRITE_TO);
        String only = System.getProperty("nnj.kindFixtures", "");
        List<String> named = only.isEmpty() ? List.copyOf(CASES.keySet()) : List.of(only.split(","));
        for (Map.Entry<String, Supplier<Case>> e : CASES.entrySet()) {
            if (!named.contains(e.getKey())) {
                continue;
            }
            Case c = e.getValue().get();
            Files.write(WRITE_TO.resolve(e.getKey() + ".nnj"), ModelFile.toBytes(c.network(), c.normalizer(), null));
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = KindFixtureTest.class.getResourceAsStream("/fixtures/kinds/" + name + ".nnj")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
