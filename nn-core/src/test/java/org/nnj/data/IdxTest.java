package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IdxTest {
    static byte[] images(int magic, int count, int rows, int cols, int bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        d.writeInt(count);
        d.writeInt(rows);
        d.writeInt(cols);
        for (int i = 0; i < bytes; i++) {
            d.writeByte(i % 256);
        }
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    @Test
    void readsPlainAndGzipped() throws IOException {
        byte[] raw = images(2051, 2, 2, 3, 12);
        for (byte[] bytes : new byte[][] {raw, gzip(raw)}) {
            Idx.Images img = Idx.readImages(new ByteArrayInputStream(bytes), "t");
            assertEquals(2, img.count());
            assertEquals(3, img.cols());
            assertEquals(7 / 255f, img.pixel(1, 1));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(2049);
        d.writeInt(3);
        d.write(new byte[] {7, 0, 9});
        assertEquals(9, Idx.readLabels(new ByteArrayInputStream(b.toByteArray()), "l")[2]);
    }

    /** A missing file, or a directory, says so, naming the path, not "truncated or corrupted". */
    @Test
    void aMissingOrUnreadableFileSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("train-images-idx3-ubyte");
        IOException e = assertThrows(java.nio.file.NoSuchFileException.class, () -> Idx.readImages(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        IOException labels = assertThrows(java.nio.file.NoSuchFileException.class, () -> Idx.readLabels(missing));
        assertTrue(labels.getMessage().contains("does not exist"), labels.getMessage());
        IOException folder = assertThrows(IOException.class, () -> Idx.readLabels(dir));
        assertTrue(folder.getMessage().contains(dir + " is a directory"), folder.getMessage());
    }

    @Test
    void rejectsAWrongMagicNumber() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2049, 2, 2, 3, 12)), "t"));
        assertTrue(e.getMessage().contains("magic number 2049"), e.getMessage());
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2051, 2, 2, 3, 11)), "t"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] gz = gzip(images(2051, 2, 2, 3, 12));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
        assertThrows(IOException.class, () -> Idx.readImages(new ByteArrayInputStream(cut), "t"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(new byte[] {0, 0, 8}), "t"));
    }

    @Test
    void rejectsACountThatDisagreesWithTheFileSize() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2051, 2, 2, 3, 13)), "t"));
        assertTrue(e.getMessage().contains("disagrees"), e.getMessage());
    }

    @Test
    void rejectsAHostileHeaderWithoutAllocatingForIt() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2051, Integer.MAX_VALUE, 28, 28, 10)), "t"));
        assertTrue(e.getMessage().contains("more than this reader supports"), e.getMessage());
        // a plausible but false count: reading stops at the real end, having allocated only what arrived
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2051, 60000, 28, 28, 100)), "t"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Idx.readImages(new ByteArrayInputStream(images(2051, -1, 28, 28, 0)), "t"));
    }
}
