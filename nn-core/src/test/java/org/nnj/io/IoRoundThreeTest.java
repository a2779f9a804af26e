package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Normalizer;
import org.nnj.data.Schema;
import org.nnj.data.Standardizer;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

/** Issue 24, round three: saving and exporting refuse what cannot be read back or computed, and say why. */
class IoRoundThreeTest {
    @TempDir
    Path dir;

    private static Network net(DataType type, int in, int out) {
        return Network.builder()
                .seed(1)
                .dataType(type)
                .add(new Dense(in, 5, Activation.tanh()))
                .add(new Dense(5, out))
                .loss(Loss.mse())
                .build();
    }

    private static Standardizer standardizer(int columns, double mean, double std) {
        double[] m = new double[columns];
        double[] s = new double[columns];
        java.util.Arrays.fill(m, mean);
        java.util.Arrays.fill(s, std);
        return new Standardizer(m, s);
    }

    private static Schema regression(int columns, double mean, double std, String firstName) {
        List<Schema.Column> cols = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            cols.add(new Schema.Column(i == 0 ? firstName : "x" + i, List.of(), Double.NaN, false));
        }
        return new Schema(cols, "y", Schema.Task.REGRESSION, List.of(), mean, std, Schema.Missing.ERROR);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Saves a good model at {@code model.nnj}, runs {@code save}, and checks it left that file alone. */
    private void refusedAndUntouched(ThrowingSave save, String... named) throws Exception {
        Path file = dir.resolve("model.nnj");
        ModelFile.save(file, net(DataType.FLOAT, 4, 1), standardizer(4, 0, 1));
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> save.save(file));
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "'" + n + "' in: " + e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), files(), "no temporary file left");
    }

    interface ThrowingSave {
        void save(Path file) throws Exception;
    }

    @Test
    void saveRefusesANormalizerOfAnotherWidthAndLeavesTheFile() throws Exception {
        refusedAndUntouched(
                f -> ModelFile.save(f, net(DataType.FLOAT, 4, 1), standardizer(7, 0, 1)),
                "normalizer",
                "7 columns",
                "4 inputs");
        refusedAndUntouched(
                f -> ModelFile.save(
                        f, net(DataType.FLOAT, 4, 1), new MinMaxScaler(new double[3], new double[] {1, 1, 1})),
                "3 columns",
                "4 inputs");
    }

    @Test
    void saveRefusesASchemaOfAnotherWidthAndLeavesTheFile() throws Exception {
        refusedAndUntouched(
                f -> ModelFile.save(f, net(DataType.FLOAT, 4, 1), standardizer(4, 0, 1), regression(6, 0, 1, "a")),
                "schema",
                "6 inputs",
                "4 inputs");
    }

    @Test
    void saveRefusesNonFiniteParametersItCouldNotLoad() throws Exception {
        Network nan = net(DataType.DOUBLE, 4, 1);
        nan.parameters().get(0).value().putScalar(0, 1, Double.NaN);
        refusedAndUntouched(f -> ModelFile.save(f, nan, null), "non-finite", "NaN");
        Network big = net(DataType.DOUBLE, 4, 1);
        big.parameters().get(0).value().putScalar(0, 1, 6e38);
        ModelFile.save(dir.resolve("double.nnj"), big); // float64 holds 6e38
        assertEquals(
                6e38,
                ModelFile.load(dir.resolve("double.nnj"))
                        .network()
                        .parameters()
                        .get(0)
                        .value()
                        .getDouble(0, 1));
        Files.delete(dir.resolve("double.nnj"));
    }

    @Test
    void saveRefusesANameLongerThanLoadReads() throws Exception {
        String longName = "c".repeat(1500);
        refusedAndUntouched(
                f -> ModelFile.save(f, net(DataType.FLOAT, 2, 1), null, regression(2, 0, 1, longName)),
                "1500 bytes",
                "1024");
    }

    @Test
    void regressionExportOutputsTheUnscaledPrediction() throws Exception {
        Network net = net(DataType.FLOAT, 3, 1);
        Standardizer norm = Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 30, 3, 4, 2));
        Schema schema = regression(3, 6.12, 2.5, "a");
        Path file = dir.resolve("reg.onnx");
        Onnx.export(net, norm, schema, file);
        INDArray x = TestData.gaussian(DataType.FLOAT, 9, 3, 4, 3);
        double[] expected = schema.unscale(new SavedModel(net, norm, schema).predict(x));
        float[][] actual = OnnxTest.run(file, x.toFloatMatrix());
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r], actual[r][0], 1e-5 * Math.abs(expected[r]), "row " + r);
        }
        // without a schema (or with a classification one) the output stays the network's
        Onnx.export(net, norm, dir.resolve("plain.onnx"));
        float[][] plain = OnnxTest.run(dir.resolve("plain.onnx"), x.toFloatMatrix());
        assertEquals(new SavedModel(net, norm).predict(x).getDouble(0, 0), plain[0][0], 1e-5);
    }

    @Test
    void exportRefusesASchemaOrNormalizerOfAnotherWidth() {
        Path file = dir.resolve("m.onnx");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Onnx.export(net(DataType.FLOAT, 4, 1), standardizer(4, 0, 1), regression(5, 0, 1, "a"), file));
        assertTrue(e.getMessage().contains("5 inputs"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Onnx.export(net(DataType.FLOAT, 4, 1), standardizer(7, 0, 1), file));
        assertFalse(Files.exists(file));
    }

    @Test
    void exportRefusesValuesFloat32CannotHold() throws Exception {
        Path file = dir.resolve("m.onnx");
        Network net = net(DataType.FLOAT, 2, 1);
        assertExportRefused(net, standardizer(2, 6e38, 1), null, file, "standardizer's mean", "6.0E38", "float32");
        assertExportRefused(net, standardizer(2, 0, 1e-50), null, file, "standardizer's std", "1.0E-50", "float32");
        assertExportRefused(
                net,
                new MinMaxScaler(new double[2], new double[] {1, 1e-40}),
                null,
                file,
                "minmax's range",
                "element 1",
                "1.0E-40");
        Network big = net(DataType.DOUBLE, 2, 1);
        big.parameters().get(1).value().putScalar(0, 2, -6e38);
        assertExportRefused(big, null, null, file, "layer0.bias", "-6.0E38", "float32");
        assertExportRefused(net, null, regression(2, 6e38, 1, "a"), file, "target's mean", "6.0E38");
        Network alpha = Network.builder() // float64: a float32 network refuses this alpha at build
                .dataType(DataType.DOUBLE)
                .add(new Dense(2, 1, Activation.leakyRelu(1e39)))
                .loss(Loss.mse())
                .build();
        assertExportRefused(alpha, null, null, file, "alpha", "1.0E39");
        assertFalse(Files.exists(file));
        assertTrue(files().isEmpty(), "no temporary file left");
    }

    private static void assertExportRefused(Network net, Normalizer norm, Schema schema, Path file, String... named) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Onnx.export(net, norm, schema, file));
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "'" + n + "' in: " + e.getMessage());
        }
    }

    /** Each writer: its destination, then a message that must name it and the reason. */
    private void assertUnwritable(Path target, String reason) throws Exception {
        Network net = net(DataType.FLOAT, 2, 1);
        List<ThrowingSave> writers = List.of(f -> ModelFile.save(f, net), f -> Onnx.export(net, null, f));
        for (ThrowingSave w : writers) {
            IOException e = assertThrows(IOException.class, () -> w.save(target));
            assertTrue(e.getMessage().contains(target.toAbsolutePath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains(reason), "'" + reason + "' in: " + e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), "no temporary path in: " + e.getMessage());
        }
    }

    @Test
    void anUnwritableDestinationIsNamedWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "mine");
        assertUnwritable(file.resolve("m.out"), file + " is a file, not a folder");
        assertUnwritable(file.resolve("sub/m.out"), file + " is a file, not a folder");
        assertUnwritable(dir, "is a folder, not a file");
        assertEquals("mine", Files.readString(file));
        assertEquals(List.of(file), files());
        if (Files.isDirectory(Path.of("/proc"))) {
            assertUnwritable(Path.of("/proc/nnj-model"), "cannot create a file in /proc");
        }
    }

    @Test
    void aFolderWithoutWritePermissionIsNamed() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            assertUnwritable(locked.resolve("m.out"), "permission denied");
        } finally {
            locked.toFile().setWritable(true, true);
        }
    }

    @Test
    void saveStillCreatesMissingParents() throws Exception {
        Path file = dir.resolve("a/b/m.nnj");
        ModelFile.save(file, net(DataType.FLOAT, 2, 1));
        assertTrue(Files.isRegularFile(file));
        Onnx.export(net(DataType.FLOAT, 2, 1), null, dir.resolve("c/d/m.onnx"));
        assertTrue(Files.isRegularFile(dir.resolve("c/d/m.onnx")));
    }
}
