package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DataTest {
    static CsvTable csv(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "t.csv");
    }

    @Test
    void readsQuotedFieldsAndCrlf() throws IOException {
        CsvTable t = csv("a,\"b, with comma\",label\r\n1,2,\"x\"\r\n3,\"4\",\"y \"\"quoted\"\"\"\r\n\r\n5,6,x\n");
        assertEquals(List.of("a", "b, with comma", "label"), t.header());
        assertEquals(3, t.rowCount());
        assertEquals("y \"quoted\"", t.cell(1, 2));
        Dataset d = t.classification("label");
        assertEquals(List.of("x", "y \"quoted\""), d.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, d.classIndices());
        assertEquals(List.of("a", "b, with comma"), d.featureNames());
        assertEquals(4.0, d.features().getDouble(1, 1));
    }

    @Test
    void numericLabelsSortNumerically(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("n.csv");
        Files.writeString(f, "x,y\n1,10\n2,9\n3,10\n4,2\n");
        Dataset d = CsvTable.read(f).classification("y");
        assertEquals(List.of("2", "9", "10"), d.classNames());
        Dataset r = CsvTable.read(f).regression("y");
        assertEquals(1, r.numOutputs());
        assertEquals(9.0, r.labels().getDouble(1, 0));
    }

    @Test
    void rejectsMissingValuesNamingLineAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> csv("a,b,label\n1,2,x\n3,,y\n")
                .classification("label"));
        assertTrue(
                e.getMessage().contains("line 3")
                        && e.getMessage().contains("'b'")
                        && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void rejectsNonNumericCellsNamingLineAndColumn() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> csv("a,b,label\n1,2,x\n3,4,y\n5,abc,x\n")
                        .classification("label"));
        assertTrue(
                e.getMessage().contains("line 4")
                        && e.getMessage().contains("'b'")
                        && e.getMessage().contains("abc"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> csv("a,label\nNaN,x\n").classification("label"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'a'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> csv("a,label\n1.5,y\n1.5f,x\n")
                .classification("label"));
        assertTrue(e.getMessage().contains("1.5f"), e.getMessage());
    }

    @Test
    void rejectsAMissingLabelColumnNamingIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> csv("a,b\n1,2\n").classification("species"));
        assertTrue(e.getMessage().contains("species") && e.getMessage().contains("[a, b]"), e.getMessage());
    }

    @Test
    void rejectsRaggedRowsAndEmptyFiles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> csv("a,b\n1,2\n3\n"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("1 fields"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> csv(""));
        assertThrows(IllegalArgumentException.class, () -> csv("a,b\n"));
        assertThrows(IllegalArgumentException.class, () -> csv("a,b\n\"1,2\n"));
        assertThrows(IllegalArgumentException.class, () -> csv("a,a\n1,2\n"));
    }

    @Test
    void standardizerMath() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 2}, {5, 2}});
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[] {3, 2}, s.mean(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, s.std(), 1e-15); // constant column: σ = 1
        INDArray z = s.transform(x);
        double k = 2 / Math.sqrt(8.0 / 3);
        assertArrayEquals(new double[] {-k, 0, 0, 0, k, 0}, z.reshape(6).toDoubleVector(), 1e-12);
        assertTrue(s.inverse(z).equalsWithEps(x, 1e-12));
        assertThrows(IllegalArgumentException.class, () -> s.transform(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
    }

    /**
     * A float32 column constant up to rounding (0.2f and the next float up, σ ≈ 7e-9 = 4e-8 |μ|) counts
     * as constant: σ = 1, so 0.2 maps to about 0, not to 3e7; a column with a real spread does not, and
     * float64 uses its own, tighter tolerance.
     */
    @Test
    void standardizerTreatsAColumnConstantUpToRoundingAsConstant() {
        float a = 0.2f;
        float b = Math.nextUp(a);
        INDArray x = Nd4j.createFromArray(new float[][] {{a, 1}, {b, 2}, {a, 3}, {b, 4}});
        Standardizer s = Standardizer.fit(x);
        assertEquals(1, s.std()[0], "a column constant up to rounding gets σ = 1");
        assertTrue(Math.abs(s.transform(x).getDouble(0, 0)) < 1e-6, "0.2 maps to about 0");
        assertEquals(Math.sqrt(1.25), s.std()[1], 1e-12);
        // 1e-6 relative is a spread in float32 (about 8 units in the last place), kept
        float c = a * (1 + 2e-6f);
        assertTrue(
                Standardizer.fit(Nd4j.createFromArray(new float[][] {{a}, {c}})).std()[0] < 1);
        // float64: rounding at 0.2 is far below 1e-15 relative; 1e-12 relative is a spread, kept
        double d = 0.2;
        assertEquals(
                1,
                Standardizer.fit(Nd4j.createFromArray(new double[][] {{d}, {Math.nextUp(d)}}))
                        .std()[0]);
        assertTrue(Standardizer.fit(Nd4j.createFromArray(new double[][] {{d}, {d * (1 + 1e-12)}}))
                        .std()[0]
                < 1);
        // a column around 0 with small values is not constant
        assertEquals(
                1e-3,
                Standardizer.fit(Nd4j.createFromArray(new double[][] {{-1e-3}, {1e-3}}))
                        .std()[0],
                1e-18);
    }

    /** Duplicate class names are refused naming the duplicate. */
    @Test
    void classificationRefusesDuplicateClassNames() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.classification(x, new int[] {0, 1, 2}, List.of("cat", "dog", "cat")));
        assertTrue(e.getMessage().contains("classNames[2] = \"cat\" duplicates classNames[0]"), e.getMessage());
        assertEquals(
                3,
                Dataset.classification(x, new int[] {0, 1, 2}, List.of("cat", "dog", "bird"))
                        .numOutputs());
    }

    @Test
    void minMaxMath() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 2}, {5, 2}});
        MinMaxScaler m = MinMaxScaler.fit(x);
        assertArrayEquals(
                new double[] {0, 0, 0.5, 0, 1, 0}, m.transform(x).reshape(6).toDoubleVector(), 1e-15);
        assertArrayEquals(
                new double[] {1.5, 0},
                m.transform(Nd4j.createFromArray(new double[][] {{7, 2}}))
                        .reshape(2)
                        .toDoubleVector(),
                1e-15);
        assertTrue(m.inverse(m.transform(x)).equalsWithEps(x, 1e-12));
    }

    @Test
    void stratifiedSplitKeepsProportions() {
        int[] classes = new int[100];
        for (int i = 0; i < 100; i++) {
            classes[i] = i < 80 ? 0 : 1;
        }
        Dataset d = Dataset.classification(Nd4j.rand(DataType.FLOAT, 100, 2), classes, List.of("a", "b"));
        Split s = Split.stratified(d, 0.25, 1);
        assertEquals(25, s.test().size());
        assertEquals(75, s.train().size());
        int ones = 0;
        for (int c : s.test().classIndices()) {
            ones += c;
        }
        assertEquals(5, ones, "20 of class b, a quarter of them in test");
        assertArrayEquals(
                s.test().classIndices(), Split.stratified(d, 0.25, 1).test().classIndices(), "seeded");
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(d, 1.0, 1));
    }

    @Test
    void oneHotRoundTrip() {
        INDArray y = OneHot.encode(new int[] {2, 0, 1}, 3, DataType.FLOAT);
        assertArrayEquals(new int[] {2, 0, 1}, OneHot.classes(y));
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {3}, 3, DataType.FLOAT));
    }

    @Test
    void datasetRejectsBadArrays() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, 2}, {3}}, new double[][] {{1}, {0}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.of(new double[][] {{1, Double.NaN}}, new double[][] {{1}}));
        assertThrows(
                IllegalArgumentException.class, () -> Dataset.of(new double[][] {{1, 2}}, new double[][] {{1}, {0}}));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(new double[0][], new double[0][]));
    }
}
