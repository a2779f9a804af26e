package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnj.data.Schema.Missing;
import org.nnj.data.Schema.Task;
import org.nnj.io.ModelFile;
import org.nnj.io.SavedModel;
import org.nnj.layers.Dense;
import org.nnj.losses.Loss;
import org.nnj.models.Network;

class SchemaTest {
    static CsvTable csv(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "t.csv");
    }

    static final String DATA = "size,color,weight,label\n"
            + "1,red,10,a\n"
            + "2,blue,NA,b\n"
            + "3,,30,a\n"
            + "4,red,40,b\n"
            + "5,green,50,a\n";

    @Test
    void imputesMediansAddsIndicatorsAndAMissingCategory() throws IOException {
        CsvTable t = csv(DATA);
        int[] fit = {0, 1, 2, 3}; // green only appears in the last row, outside the fit rows
        Schema s = Schema.fit(t, "label", fit, Task.CLASSIFICATION, Missing.IMPUTE, List.of());
        assertEquals(
                List.of("size", "color=blue", "color=red", "color=(missing)", "weight", "weight missing"),
                s.featureNames());
        assertEquals(List.of("a", "b"), s.classes());
        INDArray x = s.features(t, new int[] {0, 1, 2}, false);
        assertArrayEquals(new float[] {1, 0, 1, 0, 10, 0}, x.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {2, 1, 0, 0, 30, 1}, x.getRow(1).toFloatVector()); // median of 10, 30, 40
        assertArrayEquals(new float[] {3, 0, 0, 1, 30, 0}, x.getRow(2).toFloatVector());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> s.features(t, new int[] {4}, false));
        assertTrue(e.getMessage().contains("line 6") && e.getMessage().contains("'green'"), e.getMessage());
        assertArrayEquals(
                new float[] {5, 0, 0, 0, 50, 0},
                s.features(t, new int[] {4}, true).toFloatVector());
        assertArrayEquals(new int[] {0, 1, 0}, s.classIndices(t, new int[] {0, 1, 2}));
    }

    @Test
    void errorAndDropPolicies() throws IOException {
        CsvTable t = csv(DATA);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Schema.fit(t, "label", t.allRows(), Task.CLASSIFICATION, Missing.ERROR, List.of()));
        assertTrue(e.getMessage().contains("line 3") || e.getMessage().contains("line 4"), e.getMessage());
        int[] complete = Schema.completeRows(t, List.of());
        assertArrayEquals(new int[] {0, 3, 4}, complete);
        CsvTable kept = t.select(complete);
        Schema s = Schema.fit(kept, "label", kept.allRows(), Task.CLASSIFICATION, Missing.DROP, List.of());
        assertEquals(List.of("size", "color=green", "color=red", "weight"), s.featureNames());
        assertEquals(5, kept.line(1)); // rows keep their file lines (data row 3 is line 5)
    }

    @Test
    void regressionStandardizesTheTarget() throws IOException {
        CsvTable t = csv("x,y\n1,2\n2,4\n3,6\n4,8\n");
        Schema s = Schema.fit(t, "y", t.allRows(), Task.REGRESSION, Missing.ERROR, List.of());
        assertEquals(5, s.targetMean(), 1e-12);
        assertEquals(Math.sqrt(5), s.targetStd(), 1e-12);
        INDArray y = s.targets(t, t.allRows());
        assertEquals((2 - 5) / Math.sqrt(5), y.getDouble(0, 0), 1e-6);
        assertArrayEquals(new double[] {2, 4, 6, 8}, s.unscale(y), 1e-5);
        CsvTable flat = csv("x,y\n1,3\n2,3\n");
        assertThrows(
                IllegalArgumentException.class,
                () -> Schema.fit(flat, "y", flat.allRows(), Task.REGRESSION, Missing.ERROR, List.of()));
    }

    @Test
    void missingColumnsAndTargetsAreNamed() throws IOException {
        CsvTable t = csv(DATA);
        Schema s = Schema.fit(t, "label", t.allRows(), Task.CLASSIFICATION, Missing.IMPUTE, List.of());
        CsvTable other = csv("size,weight\n1,2\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> s.features(other, other.allRows(), false));
        assertTrue(e.getMessage().contains("'color'"), e.getMessage());
        CsvTable noTarget = csv("a,label\n1,x\n2,NA\n3,y\n");
        assertArrayEquals(new int[] {0, 2}, Schema.rowsWithTarget(noTarget, "label", Missing.DROP));
        assertThrows(IllegalArgumentException.class, () -> Schema.rowsWithTarget(noTarget, "label", Missing.ERROR));
    }

    @Test
    void theSchemaTravelsWithTheModel(@TempDir Path dir) throws IOException {
        CsvTable t = csv(DATA);
        Schema s = Schema.fit(t, "label", t.allRows(), Task.CLASSIFICATION, Missing.IMPUTE, List.of("size"));
        Network net = Network.builder()
                .add(new Dense(s.width(), s.outputs()))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        Path file = dir.resolve("m.nnj");
        ModelFile.save(file, net, null, s);
        assertEquals(
                2,
                ByteBuffer.wrap(Files.readAllBytes(file))
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getInt(8));
        SavedModel loaded = ModelFile.load(file);
        assertEquals(s, loaded.schema());
        assertNull(loaded.normalizer());
        Network wrong = Network.builder()
                .add(new Dense(s.width() + 1, s.outputs()))
                .loss(Loss.softmaxCrossEntropy())
                .build();
        assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("w.nnj"), wrong, null, s));
        // without a schema (or buffers) the file stays version 1
        ModelFile.save(dir.resolve("v1.nnj"), net);
        assertEquals(
                1,
                ByteBuffer.wrap(Files.readAllBytes(dir.resolve("v1.nnj")))
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getInt(8));
    }
}
