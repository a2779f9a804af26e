package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.data.Dataset;
import org.nnj.data.Standardizer;
import org.nnj.layers.BatchNormalization;
import org.nnj.layers.Dense;
import org.nnj.layers.Dropout;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.History;
import org.nnj.models.Network;
import org.nnj.models.Node;
import org.nnj.models.Topology;
import org.nnj.optim.Adam;
import org.nnj.train.Trainer;

/** Graph networks in the model file (versions 4 and 5): round trips, resumption, and a payload fuzz. */
class GraphFileTest {
    @TempDir
    Path dir;

    /** Two inputs, a shared layer, a residual block with batch norm and dropout, two weighted outputs. */
    static Network graph(DataType type, long seed) {
        Dense shared = new Dense(3, 3, Activation.tanh());
        GraphBuilder g = Network.graph();
        Node a = g.input("a", 3);
        Node b = g.input("b", 3);
        Node j = g.concatenate(g.apply(shared, a), g.apply(shared, b));
        Node h = g.apply(new Dense(6, 6, Activation.relu()), j);
        Node f = g.apply(new Dropout(6, 0.1), g.apply(new BatchNormalization(6), h));
        Node r = g.add(h, g.apply(new Dense(6, 6), f));
        g.output("class", g.apply(new Dense(6, 2), r), Loss.softmaxCrossEntropy())
                .output("value", g.apply(new Dense(6, 1), r), Loss.huber(1.0), 0.25);
        return g.dataType(type).seed(seed).build();
    }

    static Dataset data(DataType type) {
        INDArray x = TestData.gaussian(type, 200, 6, 1, 1);
        INDArray y = Nd4j.hstack(TestData.oneHot(type, 200, 2, 2), TestData.gaussian(type, 200, 1, 1, 3));
        return Dataset.of(x, y);
    }

    @Test
    void aGraphRoundTripsBitIdentically() throws Exception {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Network net = graph(type, 7);
            Trainer.builder()
                    .epochs(2)
                    .batchSize(20)
                    .optimizer(new Adam(0.01))
                    .progressBar(false)
                    .build()
                    .fit(net, data(type));
            Standardizer s = Standardizer.fit(data(DataType.DOUBLE).features());
            Path file = dir.resolve("g" + type + ".nnj");
            ModelFile.save(file, net, s);
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            assertEquals(
                    ModelFile.GRAPH_VERSION,
                    ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            SavedModel loaded = ModelFile.load(file);
            Network back = loaded.network();
            INDArray x = data(type).features();
            assertTrue(ModelFileTest.sameBits(net.predict(x), back.predict(x)), type.toString());
            assertEquals(
                    net.loss(x, data(type).labels()), back.loss(x, data(type).labels()), 0);
            Topology t = net.topology();
            Topology u = back.topology();
            assertEquals(t.nodeCount(), u.nodeCount());
            for (int n = 0; n < t.nodeCount(); n++) {
                assertArrayEquals(t.reads(n), u.reads(n));
                assertEquals(t.layerIndex(n), u.layerIndex(n));
            }
            assertEquals(net.outputNames(), back.outputNames());
            for (int j = 0; j < t.outputNames().size(); j++) {
                assertEquals(t.weight(j), u.weight(j));
                assertEquals(t.loss(j).spec(), u.loss(j).spec());
            }
            assertArrayEquals(bytes, ModelFile.encode(back, loaded.normalizer()), "saving again gives the same bytes");
        }
    }

    @Test
    void sequentialNetworksKeepTheirVersions() {
        Network chain = Network.builder().add(new Dense(3, 2)).loss(Loss.mse()).build();
        byte[] bytes = ModelFile.encode(chain, null);
        assertEquals(
                1, ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void aGraphResumesBitIdentically() throws Exception {
        Dataset d = data(DataType.FLOAT);
        Network whole = graph(DataType.FLOAT, 9);
        History uninterrupted = trainer(6).build().fit(whole, d);
        Path file = dir.resolve("g.ckpt");
        trainer(3).backup(file).build().fit(graph(DataType.FLOAT, 9), d);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        assertEquals(
                ModelFile.GRAPH_CHECKPOINT_VERSION,
                ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        Network again = graph(DataType.FLOAT, 9);
        History resumed = trainer(6).backup(file).build().resume(again, d);
        for (int i = 0; i < whole.parameters().size(); i++) {
            assertArrayEquals(
                    whole.parameters().get(i).value().data().asFloat(),
                    again.parameters().get(i).value().data().asFloat(),
                    whole.parameters().get(i).name());
        }
        assertEquals(uninterrupted.get("loss"), resumed.get("loss"));
    }

    private static Trainer.Builder trainer(int epochs) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(25)
                .optimizer(new Adam(0.01))
                .seed(3)
                .progressBar(false);
    }

    /** Payload bytes changed and the checksum made valid again: every mutant loads or is refused clearly. */
    @Test
    void fuzzTheGraphSectionWithValidChecksums() throws Exception {
        Network net = graph(DataType.FLOAT, 11);
        byte[] valid = ModelFile.encode(net, null);
        Random rng = new Random(20261204);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] m = valid.clone();
            int flips = 1 + rng.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = ModelFile.HEADER + rng.nextInt(Math.min(400, m.length - ModelFile.HEADER - ModelFile.TRAILER));
                m[at] = rng.nextBoolean() ? (byte) rng.nextInt(256) : (byte) (m[at] ^ (1 << rng.nextInt(8)));
            }
            CRC32C crc = new CRC32C();
            crc.update(m, 0, m.length - ModelFile.TRAILER);
            ByteBuffer.wrap(m, m.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
            try {
                SavedModel s = ModelFile.decode(m, "mutant " + i);
                s.network()
                        .predict(
                                TestData.gaussian(DataType.FLOAT, 2, s.network().inputSize(), 1, 1));
            } catch (ModelFormatException e) {
                refused++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("mutant " + i + " threw " + e + " instead of ModelFormatException", e);
            }
        }
        assertTrue(refused > 1000, "most mutants of the graph section are refused: " + refused);
        assertTrue(!Arrays.equals(valid, new byte[0]));
    }

    /** Settings of 0 are stored: a non-causal attention, a layer normalization of flat rows. */
    @Test
    void settingsOfZeroRoundTrip() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4, 6);
        Node a = g.apply(new org.nnj.layers.MultiHeadAttention(4, 6, 2), x);
        Node f = g.apply(new org.nnj.layers.LayerNormalization(24), g.add(x, a));
        g.output("y", g.apply(new Dense(24, 2), f), Loss.softmaxCrossEntropy());
        Network net = g.seed(2).build();
        Path file = dir.resolve("zeros.nnj");
        ModelFile.save(file, net);
        Network back = ModelFile.load(file).network();
        INDArray xs = TestData.gaussian(DataType.FLOAT, 3, 24, 1, 3);
        assertTrue(ModelFileTest.sameBits(net.predict(xs), back.predict(xs)));
        assertEquals(net.layer(0).spec(), back.layer(0).spec()); // the attention, causal 0
        assertEquals(net.layer(2).spec(), back.layer(2).spec()); // the layer normalization, time 0
    }
}
