package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.models.Network;

/** Save/load and ONNX Runtime checks shared by the sequence layers' tests (in other packages). */
public final class SequenceExports {
    private SequenceExports() {}

    /** Saves and loads {@code net}; the loaded network predicts bit for bit what it predicts on x. */
    public static Network assertRoundTrip(Network net, INDArray x, Path dir) throws Exception {
        Path f = dir.resolve("model-" + System.nanoTime() + ".nnj");
        ModelFile.save(f, net);
        Network loaded = ModelFile.load(f).network();
        assertTrue(ModelFileTest.sameBits(net.predict(x), loaded.predict(x)), "predictions after load");
        assertEquals(net.summary(), loaded.summary());
        assertEquals(
                net.lossFunction().spec().kind(), loaded.lossFunction().spec().kind());
        return loaded;
    }

    /** Exports {@code net} (float32) and checks that ONNX Runtime computes predict(x) to {@code tolerance}. */
    public static void assertOnnxMatches(Network net, INDArray x, Path dir, double tolerance) throws Exception {
        Path file = dir.resolve("model-" + System.nanoTime() + ".onnx");
        Onnx.export(net, null, file);
        INDArray expected = net.predict(x);
        float[][] actual = OnnxTest.run(file, x.toFloatMatrix());
        assertEquals(expected.rows(), actual.length);
        for (int r = 0; r < actual.length; r++) {
            assertEquals(expected.columns(), actual[r].length, "row " + r + " width");
            for (int c = 0; c < actual[r].length; c++) {
                assertEquals(expected.getDouble(r, c), actual[r][c], tolerance, "row " + r + " column " + c);
            }
        }
    }
}
