package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.TestData;
import org.nnj.models.Network;

/**
 * Model files written by an earlier build of the library (format version 1, committed as fixtures
 * with the predictions that build made) still load with bit-identical parameters (saving the loaded
 * model again reproduces the fixture byte for byte) and predict what that build predicted (to the
 * last bits of float32: kernels may round differently, never more).
 */
class FormatV1FixtureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "v1-float",
                "v1-double",
                "v1-mse",
                "v1-mae",
                "v1-binary_crossentropy",
                "v1-binary_crossentropy_from_logits",
                "v1-categorical_crossentropy"
            })
    void loadsBitIdenticallyAndPredictsAsBefore(String name) throws Exception {
        byte[] bytes = resource(name + ".nnj");
        Path file = dir.resolve(name + ".nnj");
        Files.write(file, bytes);
        SavedModel saved = ModelFile.load(file);
        Network net = saved.network();
        INDArray x = TestData.gaussian(net.dataType(), 5, net.inputSize(), 1, 77);
        INDArray in = saved.normalizer() == null ? x : saved.normalizer().transform(x);
        INDArray p = net.predict(in);
        List<String> expected = new String(resource(name + ".expected"), StandardCharsets.US_ASCII)
                .lines()
                .toList();
        assertEquals(p.rows(), expected.size());
        for (int r = 0; r < p.rows(); r++) {
            String[] cells = expected.get(r).split(" ");
            for (int c = 0; c < p.columns(); c++) {
                double e = Double.parseDouble(cells[c]);
                assertEquals(
                        e, p.getDouble(r, c), 1e-6 * Math.max(1, Math.abs(e)), name + " row " + r + " column " + c);
            }
        }
        Path again = dir.resolve(name + "-again.nnj");
        ModelFile.save(again, net, saved.normalizer());
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, Files.readAllBytes(again), name + " re-saved");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = FormatV1FixtureTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
