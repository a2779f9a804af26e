package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV cases of the second round of bad-input reports (issue 15, items 2, 3, 9 and 17). */
class CsvRoundTwoTest {
    @TempDir
    Path dir;

    static CsvTable csv(String text) throws IOException {
        return CsvTable.parse(new StringReader(text), "t.csv");
    }

    @Test
    void missingValueSpellingsInANumericColumnAreMissingValuesNotCategories() throws IOException {
        for (String na : List.of("NA", "?", "NaN", "Infinity", "-Infinity", "null", "N/A", "")) {
            CsvTable t = csv("a,b,label\n1,2,x\n3," + (na.isEmpty() ? "" : na) + ",y\n5,6,x\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.classification("label"));
            assertTrue(
                    e.getMessage().contains("line 3")
                            && e.getMessage().contains("'b'")
                            && e.getMessage().contains("missing"),
                    na + ": " + e.getMessage());
        }
    }

    @Test
    void aNumericColumnWithAFewTextCellsIsAnErrorNamingTheCell() throws IOException {
        CsvTable t = csv("a,label\n1,x\n2,y\n3,x\nthree,y\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.classification("label"));
        assertTrue(
                e.getMessage().contains("line 5")
                        && e.getMessage().contains("'three'")
                        && e.getMessage().contains("3 of 4"),
                e.getMessage());
    }

    @Test
    void aTextColumnIsOneHotEncoded() throws IOException {
        Dataset d = csv("colour,label\nred,x\nblue,y\nred,x\n").classification("label");
        assertEquals(List.of("colour=blue", "colour=red"), d.featureNames());
        assertEquals(1.0, d.features().getDouble(0, 1));
    }

    @Test
    void numericTargetsCompareAsNumbers() throws IOException {
        Dataset d = csv("a,label\n1,1\n2,1.0\n3,2\n4,2.00\n5,10\n").classification("label");
        assertEquals(List.of("1", "2", "10"), d.classNames());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2}, d.classIndices());
    }

    @Test
    void aMissingLabelIsAnErrorNamingItsLine() throws IOException {
        CsvTable t = csv("a,label\n1,x\n2,NA\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.classification("label"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("missing label"), e.getMessage());
    }

    @Test
    void aUtf8ByteOrderMarkIsDropped() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.writeString(f, "\uFEFFsepal,label\n1,x\n2,y\n", StandardCharsets.UTF_8);
        assertEquals(List.of("sepal", "label"), CsvTable.read(f).header());
    }

    @Test
    void directoriesAndBinaryFilesAreNamedForWhatTheyAre() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        Path gz = dir.resolve("data.csv.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,label\n1,x\n2,y\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(gz));
        assertTrue(e.getMessage().contains(gz.toString()) && e.getMessage().contains("not UTF-8"), e.getMessage());
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "name,label\ncaf\u00e9,x\n".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(latin1));
        assertTrue(
                e.getMessage().contains("latin1.csv line 2") && e.getMessage().contains("not UTF-8"), e.getMessage());
        Path utf16 = dir.resolve("utf16.csv");
        Files.write(utf16, "name,label\nx,y\n".getBytes(StandardCharsets.UTF_16));
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(utf16));
        assertTrue(e.getMessage().contains("utf16.csv") && e.getMessage().contains("UTF-16"), e.getMessage());
    }

    @Test
    void aTextColumnThatLooksLikeAnIdentifierIsRefused() throws IOException {
        StringBuilder sb = new StringBuilder("id,a,label\n");
        for (int i = 0; i < 60; i++) {
            sb.append("row")
                    .append(i)
                    .append(',')
                    .append(i % 7)
                    .append(',')
                    .append(i % 2 == 0 ? "x" : "y")
                    .append('\n');
        }
        CsvTable t = csv(sb.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.classification("label"));
        assertTrue(e.getMessage().contains("'id'") && e.getMessage().contains("identifier"), e.getMessage());
        assertEquals(List.of("a"), t.classification("label", "id").featureNames());
    }
}
