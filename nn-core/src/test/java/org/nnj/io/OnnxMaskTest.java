package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnj.layers.Dense;
import org.nnj.layers.Embedding;
import org.nnj.layers.GlobalTimePooling;
import org.nnj.layers.MultiHeadAttention;
import org.nnj.layers.PaddingMask;
import org.nnj.losses.Loss;
import org.nnj.models.GraphBuilder;
import org.nnj.models.Network;
import org.nnj.models.Node;

/** Masked sequence layers in a graph, exported to ONNX and run in ONNX Runtime on padded rows. */
class OnnxMaskTest {
    @TempDir
    Path dir;

    @Test
    void maskedAttentionAndPoolingAgreeWithPredict() throws Exception {
        int time = 6;
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node mask = g.apply(new PaddingMask(time, 0), ids);
        Node e = g.apply(new Embedding(10, 8, time).withPaddingId(0), ids);
        Node a = g.apply(new MultiHeadAttention(time, 8, 2), e, mask);
        Node avg = g.apply(GlobalTimePooling.average(time, 8), a, mask);
        Node max = g.apply(GlobalTimePooling.max(time, 8), a, mask);
        g.output("y", g.apply(new Dense(16, 2), g.concatenate(avg, max)), Loss.softmaxCrossEntropy());
        Network net = g.seed(3).build();
        Random r = new Random(4);
        float[][] rows = new float[7][time];
        for (int i = 0; i < rows.length; i++) {
            int length = i == 6 ? 0 : 1 + r.nextInt(time); // the last row is all padding
            for (int t = 0; t < length; t++) {
                rows[i][t] = 1 + r.nextInt(9);
            }
        }
        INDArray x = Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
        INDArray expected = net.predict(x);
        Path file = dir.resolve("masked.onnx");
        Onnx.export(net, null, file);
        float[][] actual = OnnxGraphTest.run(file, Map.of("ids", rows)).get("y");
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(expected.getDouble(i, c), actual[i][c], 1e-4, "row " + i + " class " + c);
            }
        }
    }

    /** Right-padded ids through masked recurrent layers: sequence_lens in ONNX, the carried state here. */
    @Test
    void maskedRecurrentLayersAgreeWithPredict() throws Exception {
        int time = 6;
        GraphBuilder g = Network.graph();
        Node ids = g.input("ids", time);
        Node mask = g.apply(new PaddingMask(time, 0), ids);
        Node e = g.apply(new Embedding(10, 4, time).withPaddingId(0), ids);
        Node h = g.apply(new org.nnj.layers.LSTM(new org.nnj.layers.SequenceShape(time, 4), 5, true), e, mask);
        Node both = g.apply(
                new org.nnj.layers.Bidirectional(
                        new org.nnj.layers.GRU(new org.nnj.layers.SequenceShape(time, 5), 3, false)),
                h,
                mask);
        g.output("y", g.apply(new Dense(6, 2), both), Loss.softmaxCrossEntropy());
        Network net = g.seed(5).build();
        Random r = new Random(6);
        float[][] rows = new float[6][time];
        for (int i = 0; i < rows.length; i++) {
            int length = 1 + r.nextInt(time);
            for (int t = 0; t < length; t++) {
                rows[i][t] = 1 + r.nextInt(9);
            }
        }
        INDArray expected = net.predict(Nd4j.createFromArray(rows).castTo(DataType.FLOAT));
        Path file = dir.resolve("recurrent.onnx");
        Onnx.export(net, null, file);
        float[][] actual = OnnxGraphTest.run(file, Map.of("ids", rows)).get("y");
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(expected.getDouble(i, c), actual[i][c], 1e-4, "row " + i + " class " + c);
            }
        }
    }
}
