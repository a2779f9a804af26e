package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.MinMaxScaler;
import org.nnj.data.Standardizer;
import org.nnj.layers.ActivationLayer;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.layers.Parameter;
import org.nnj.losses.Loss;
import org.nnj.models.Network;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

class ModelFileTest {
    @TempDir
    Path dir;

    static Network trained(DataType type) {
        Network net = Network.builder()
                .seed(3)
                .dataType(type)
                .add(new Dense(4, 6, Activation.leakyRelu(0.05)))
                .add(new Dropout(6, 0.1))
                .add(new Dense(6, 5, Activation.tanh()))
                .add(new ActivationLayer(5, Activation.sigmoid()))
                .add(new Dense(5, 3))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        Trainer.builder()
                .epochs(3)
                .batchSize(8)
                .optimizer(new Adam(0.01))
                .progressBar(false)
                .build()
                .fit(net, TestData.gaussian(type, 40, 4, 1, 1), TestData.oneHot(type, 40, 3, 2));
        return net;
    }

    static boolean sameBits(INDArray a, INDArray b) {
        double[] x = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
        double[] y = b.castTo(DataType.DOUBLE).reshape(b.length()).toDoubleVector();
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                return false;
            }
        }
        return a.dataType() == b.dataType();
    }

    @Test
    void roundTripPredictsBitIdentically() throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Network net = trained(type);
            Standardizer st = Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 30, 4, 2, 5));
            Path f = dir.resolve("model-" + type + ".nnj");
            ModelFile.save(f, net, st);
            SavedModel loaded = ModelFile.load(f);
            INDArray x = TestData.gaussian(type, 17, 4, 1, 9);
            assertTrue(sameBits(net.predict(x), loaded.network().predict(x)), type.toString());
            assertEquals(st, loaded.normalizer());
            assertEquals(net.summary(), loaded.network().summary());
            assertEquals(type, loaded.network().dataType());
        }
        Network plain = Network.builder()
                .add(new Dense(2, 1, Activation.sigmoid()))
                .loss(Loss.binaryCrossEntropy()) // a sigmoid before BCE from logits is refused (issue 24, item 9)
                .build();
        ModelFile.save(dir.resolve("p.nnj"), plain, MinMaxScaler.fit(TestData.gaussian(DataType.DOUBLE, 5, 2, 1, 1)));
        assertTrue(ModelFile.load(dir.resolve("p.nnj")).normalizer() instanceof MinMaxScaler);
        ModelFile.save(dir.resolve("q.nnj"), plain);
        assertNull(ModelFile.load(dir.resolve("q.nnj")).normalizer());
    }

    @Test
    void savingReplacesThePreviousFileAndLeavesNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("m.nnj");
        ModelFile.save(f, trained(DataType.FLOAT));
        Network second = trained(DataType.DOUBLE);
        ModelFile.save(f, second);
        assertEquals(DataType.DOUBLE, ModelFile.load(f).network().dataType());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the model remains");
        }
    }

    @Test
    void rejectsFilesOfOtherKinds() throws Exception {
        byte[] valid = ModelFile.encode(trained(DataType.FLOAT), null);
        byte[][] others = {
            new byte[0],
            "just some text, long enough to pass the size check".getBytes(StandardCharsets.UTF_8),
            {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8},
            {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4, 5, 6, 7, 8}, // an IDX file
            Arrays.copyOf(valid, valid.length - 1),
            Arrays.copyOf(valid, valid.length + 3),
        };
        for (byte[] b : others) {
            Path f = dir.resolve("other");
            Files.write(f, b);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f));
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
        byte[] v3 = valid.clone();
        ByteBuffer.wrap(v3).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ModelFile.VERSION + 1);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.decode(v3, "v3"));
        assertTrue(e.getMessage().contains("version " + (ModelFile.VERSION + 1)), e.getMessage());
        byte[] flipped = valid.clone();
        flipped[valid.length / 2] ^= 0x10;
        e = assertThrows(ModelFormatException.class, () -> ModelFile.decode(flipped, "f"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    /** Replaces the payload and fixes length and checksum, as a hostile writer would. */
    static byte[] withPayload(byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(ModelFile.HEADER + payload.length + ModelFile.TRAILER)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(ModelFile.MAGIC)
                .putInt(2) // a model payload (version 3 adds a training section)
                .putLong(payload.length)
                .put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, ModelFile.HEADER + payload.length);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    static ByteBuffer payload() {
        return ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer string(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return b.putInt(bytes.length).put(bytes);
    }

    static byte[] done(ByteBuffer b) {
        return withPayload(Arrays.copyOf(b.array(), b.position()));
    }

    @Test
    void hostileHeadersWithValidChecksumsAreRejectedWithoutHugeAllocations() {
        // two dense layers of 16M x 16M parameters: ~2^49 bytes claimed, 80 bytes present
        ByteBuffer b = payload().put((byte) 0);
        string(b, "mse").putInt(2);
        string(b, "dense").putInt(1 << 24).putInt(1 << 24);
        string(b, "identity").putDouble(0);
        string(b, "dense").putInt(1 << 24).putInt(1);
        string(b, "identity").putDouble(0);
        b.putInt(4);
        long before = Runtime.getRuntime().totalMemory();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.decode(done(b), "hostile"));
        assertTrue(e.getMessage().contains("declare"), e.getMessage());
        assertTrue(Runtime.getRuntime().totalMemory() - before < 64L << 20, "no big allocation");

        ByteBuffer layers = payload().put((byte) 0);
        string(layers, "mse").putInt(Integer.MAX_VALUE);
        assertThrows(ModelFormatException.class, () -> ModelFile.decode(done(layers), "hostile"));
        ByteBuffer str = payload().put((byte) 0).putInt(Integer.MAX_VALUE);
        assertThrows(ModelFormatException.class, () -> ModelFile.decode(done(str), "hostile"));
        ByteBuffer loss = payload().put((byte) 0);
        string(loss, "hinge");
        assertThrows(ModelFormatException.class, () -> ModelFile.decode(done(loss), "hostile"));
        ByteBuffer mismatch = payload().put((byte) 0);
        string(mismatch, "mse").putInt(2);
        string(mismatch, "dense").putInt(3).putInt(4);
        string(mismatch, "relu").putDouble(0);
        string(mismatch, "dense").putInt(5).putInt(1);
        string(mismatch, "identity").putDouble(0);
        mismatch.putInt(4);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.decode(done(mismatch), "hostile"));
        assertTrue(e.getMessage().contains("inconsistent") || e.getMessage().contains("declare"), e.getMessage());
    }

    @Test
    void fuzzTenThousandMutations() throws Exception {
        Network net = trained(DataType.FLOAT);
        byte[] valid = ModelFile.encode(net, Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 10, 4, 1, 3)));
        INDArray x = TestData.gaussian(DataType.FLOAT, 5, 4, 1, 4);
        INDArray expected = net.predict(x);
        Random rng = new Random(20261122);
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] m = mutate(valid, rng);
            try {
                SavedModel s = ModelFile.decode(m, "mutant " + i);
                if (!Arrays.equals(m, valid)) {
                    fail("mutant " + i + " (" + m.length + " bytes) loaded as a model");
                }
                assertTrue(sameBits(expected, s.network().predict(x)));
            } catch (ModelFormatException e) {
                rejected++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("mutant " + i + " threw " + e + " instead of ModelFormatException", e);
            }
        }
        assertTrue(rejected > 9_900, "almost every mutant changes the file: " + rejected);
    }

    static byte[] mutate(byte[] valid, Random rng) {
        byte[] m = valid.clone();
        switch (rng.nextInt(7)) {
            case 0 -> { // flip 1-8 bits anywhere
                int flips = 1 + rng.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    m[rng.nextInt(m.length)] ^= (byte) (1 << rng.nextInt(8));
                }
            }
            case 1 -> m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
            case 2 -> m = Arrays.copyOf(m, rng.nextInt(m.length)); // truncate
            case 3 -> m = Arrays.copyOf(m, m.length + 1 + rng.nextInt(64)); // extend with zeros
            case 4 -> { // overwrite a header field with a random int, including huge ones
                int at = 8 + 4 * rng.nextInt(4);
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(Math.min(at, m.length - 4), rng.nextInt());
            }
            case 5 -> { // delete a range
                int from = rng.nextInt(m.length);
                int len = 1 + rng.nextInt(Math.min(32, m.length - from));
                byte[] out = new byte[m.length - len];
                System.arraycopy(m, 0, out, 0, from);
                System.arraycopy(m, from + len, out, from, m.length - from - len);
                m = out;
            }
            default -> { // overwrite a range with random bytes
                int from = rng.nextInt(m.length);
                for (int k = from; k < Math.min(m.length, from + 1 + rng.nextInt(16)); k++) {
                    m[k] = (byte) rng.nextInt(256);
                }
            }
        }
        return m;
    }

    @Test
    void killingTheWriterMidSaveNeverLeavesABrokenFile() throws Exception {
        Path file = dir.resolve("loop.nnj");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random rng = new Random(7);
        int killed = 0;
        long lastVersion = 0;
        for (int round = 0; round < 6; round++) {
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SaveLoop.class.getName(),
                            file.toString())
                    .redirectErrorStream(true)
                    .start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                StringBuilder log = new StringBuilder();
                while (first != null && !first.matches("\\d+")) { // skip the child's log lines until its first save
                    log.append(first).append('\n');
                    first = out.readLine();
                }
                assertTrue(first != null, "the child never saved: " + log);
                Thread.sleep(20 + rng.nextInt(200));
            } finally {
                p.destroyForcibly(); // always: a child left running would save forever
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            killed++;
            SavedModel loaded = ModelFile.load(file);
            double v = loaded.network().parameters().get(0).value().getDouble(0);
            for (Parameter param : loaded.network().parameters()) {
                for (int i = 0; i < param.size(); i++) {
                    assertEquals(v, param.value().getDouble(i), "a file holds one version only");
                }
            }
            assertTrue(v >= 1 && v == Math.rint(v), "version " + v);
            lastVersion = (long) v;
        }
        assertEquals(6, killed);
        assertTrue(lastVersion >= 1);
    }

    @Test
    void refusesCustomPartsItCannotDescribe() {
        Loss custom = new Loss() {
            @Override
            public String name() {
                return "custom";
            }

            @Override
            public double value(INDArray p, INDArray y) {
                return 0;
            }

            @Override
            public double valueAndGradient(INDArray p, INDArray y, INDArray g) {
                return 0;
            }
        };
        Network net = Network.builder().add(new Dense(2, 2)).loss(custom).build();
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("c.nnj"), net));
        assertArrayEquals(new String[0], dir.toFile().list(), "nothing written");
    }

    @Test
    void aSavedModelPredictsRawInputsThroughItsNormalizer() throws Exception {
        Network net = trained(DataType.FLOAT);
        Standardizer st = Standardizer.fit(TestData.gaussian(DataType.DOUBLE, 30, 4, 2, 5));
        Path f = dir.resolve("m.nnj");
        ModelFile.save(f, net, st);
        SavedModel saved = ModelFile.load(f);
        INDArray raw = TestData.gaussian(DataType.FLOAT, 9, 4, 3, 8);
        assertTrue(sameBits(net.predict(st.transform(raw)), saved.predict(raw)));
        assertTrue(!sameBits(net.predict(raw), saved.predict(raw)), "the normalizer must matter here");
    }

    @Test
    void aMissingFileIsNamed() {
        java.nio.file.NoSuchFileException e =
                assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelFile.load(dir.resolve("nope.nnj")));
        assertTrue(
                e.getMessage().contains("nope.nnj") && e.getMessage().contains("no such model file"), e.getMessage());
    }

    @Test
    void aSavedModelHasTheDefaultPermissionsOfANewFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference"));
        Path model = dir.resolve("model.nnj");
        ModelFile.save(model, trained(DataType.FLOAT));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(model));
    }

    @Test
    void aHugeFileIsJudgedByItsHeaderWithoutReadingIt() throws Exception {
        Path notModel = dir.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(notModel.toFile(), "rw")) {
            f.write("NOTMODEL".getBytes(StandardCharsets.US_ASCII));
            f.setLength(3L << 30); // sparse: 3 GiB announced, nothing written
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(notModel));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        Path bigModel = dir.resolve("big.nnj");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(bigModel.toFile(), "rw")) {
            f.write(ModelFile.MAGIC);
            f.write(new byte[] {1, 0, 0, 0}); // version 1, little-endian
            f.setLength(3L << 30);
        }
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(bigModel));
        assertTrue(e.getMessage().contains("larger than any model"), e.getMessage());
    }
}
