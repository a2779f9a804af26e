package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.activations.Activation;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/** Failing tests from the review of the graph engine's model-file section (REVIEW.md). */
class ReviewFileFindingsTest {
    static final DataType D = DataType.DOUBLE;

    /** A graph that happens to be a chain: one input, layers one after another, one weighted output. */
    static Network chainGraph() {
        GraphBuilder g = Network.graph();
        Node x = g.input("features", 4);
        Node h = g.apply(new Dense(4, 3, Activation.tanh()), x);
        g.output("score", g.apply(new Dense(3, 2), h), Loss.mse(), 0.25);
        return g.dataType(D).seed(3).build();
    }

    /**
     * BUG (ModelCodec.version line ~37 and ModelFile checkpoint version line ~342: the choice of format by
     * {@code topology().isSequential()}, i.e. Graph.isChain): a graph network built with
     * Network.graph() whose nodes happen to form a chain is written in the sequential format (version
     * 1-3), which has one loss and no loss weight, no input or output names. Loading it gives a network
     * whose loss is 4x the saved one (weight 0.25 dropped): loss, trainStep's gradients and the
     * Trainer's history all change across a save. Suggested fix: write version 4 whenever the graph is
     * not exactly what Network.builder() makes (names "x"/"y", weight 1), or make isChain require that.
     */
    @Test
    void chainShapedGraphKeepsItsLossWeightAcrossASave() throws Exception {
        Network net = chainGraph();
        INDArray x = TestData.gaussian(D, 6, 4, 1, 1);
        INDArray y = TestData.gaussian(D, 6, 2, 1, 2);
        Network back = ModelFile.fromBytes(ModelFile.toBytes(net, null, null), "chain graph")
                .network();
        assertEquals(net.loss(x, y), back.loss(x, y), 1e-12, "the output's weight 0.25 was lost");
    }

    /** BUG (same place): the input's and output's names are lost too; predictByName then refuses the old names. */
    @Test
    void chainShapedGraphKeepsItsNamesAcrossASave() throws Exception {
        Network net = chainGraph();
        Network back = ModelFile.fromBytes(ModelFile.toBytes(net, null, null), "chain graph")
                .network();
        assertEquals(net.inputNames(), back.inputNames());
        assertEquals(net.outputNames(), back.outputNames());
    }

    /**
     * BUG (GraphCodec.read, the input shapes: each dimension is checked against PayloadReader.MAX_SIZE
     * but not their product; GraphBuilder.input does not check it either): a file whose input is
     * [65536, 65536, 2], read by an Add of that shape, loads as a network of input size 0 instead of
     * being refused as a ModelFormatException. The file is a valid one (input [4, 4, 2]) with the
     * dimensions patched (the input's int32s and the Add's shape doubles) and the checksum redone.
     */
    @Test
    void fileWithAnInputWhoseSizeOverflowsIsRefused() throws Exception {
        GraphBuilder g = Network.graph();
        Node x = g.input("x", 4, 4, 2);
        g.output("y", g.add(x, x), Loss.mse());
        byte[] m = ModelFile.encode(g.build(), null);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int at = ModelFile.HEADER; at + 16 <= m.length - ModelFile.TRAILER; at++) {
            if (b.getInt(at) == 3 && b.getInt(at + 4) == 4 && b.getInt(at + 8) == 4 && b.getInt(at + 12) == 2) {
                b.putInt(at + 4, 65536).putInt(at + 8, 65536);
                patched++;
            }
        }
        for (int at = ModelFile.HEADER; at + 32 <= m.length - ModelFile.TRAILER; at++) {
            if (b.getDouble(at) == 3
                    && b.getDouble(at + 8) == 4
                    && b.getDouble(at + 16) == 4
                    && b.getDouble(at + 24) == 2) {
                b.putDouble(at + 8, 65536).putDouble(at + 16, 65536);
                patched++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(patched >= 2, "the input's shape and the Add's: " + patched);
        CRC32C crc = new CRC32C();
        crc.update(m, 0, m.length - ModelFile.TRAILER);
        ByteBuffer.wrap(m, m.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class, () -> ModelFile.decode(m, "hostile"));
    }

    /**
     * BUG (same cause, ModelFile.java ~342: the checkpoint version chosen by isSequential): a checkpoint
     * of a chain-shaped graph is written as version 3 (sequential), so it loads with the names "x"/"y"
     * and weight 1, and Checkpoint.restoreInto's sameWiring refuses the very network that wrote it:
     * Trainer.resume of a chain-shaped graph throws.
     */
    @Test
    void chainShapedGraphResumesFromItsCheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        org.nnj.data.Dataset d =
                org.nnj.data.Dataset.of(TestData.gaussian(D, 40, 4, 1, 1), TestData.gaussian(D, 40, 2, 1, 2));
        java.nio.file.Path file = dir.resolve("c.ckpt");
        trainer(1).backup(file).build().fit(chainGraph(), d);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> trainer(2).backup(file).build().resume(chainGraph(), d));
    }

    private static org.nnj.train.Trainer.Builder trainer(int epochs) {
        return org.nnj.train.Trainer.builder()
                .epochs(epochs)
                .batchSize(10)
                .optimizer(new org.nnj.optim.Adam(0.01))
                .seed(4);
    }
}
