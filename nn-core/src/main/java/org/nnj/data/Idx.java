package org.nnj.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX files of the MNIST distribution, gzipped or not (detected from the first bytes).
 * An images file is the big-endian int32 magic 2051, then count, rows, cols, then count x rows x cols
 * unsigned bytes; a labels file is magic 2049, count, then count bytes.
 *
 * <p>A wrong magic number, a truncated file, trailing bytes (a count that disagrees with the file's
 * size) or a header claiming more than 2^31 values are rejected with an
 * {@link IllegalArgumentException} naming the file; a file that does not exist or cannot be read is an
 * {@link IOException} that says so, naming the path. Memory grows with the bytes actually read, never
 * with what a header claims.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 2051;
    public static final int LABELS_MAGIC = 2049;

    private Idx() {}

    /**
     * Images of an IDX file.
     *
     * @param count  number of images
     * @param rows   pixel rows per image
     * @param cols   pixel columns per image
     * @param pixels count x rows x cols unsigned bytes, image after image, row-major
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel {@code p} of image {@code i} as a value in [0, 1]. */
        public float pixel(int i, int p) {
            return (pixels[i * rows * cols + p] & 0xff) / 255f;
        }
    }

    /**
     * The images of an IDX file.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist, and another
     *     {@link IOException} naming the path if it cannot be read (a directory, no permission)
     */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = openFile(file)) {
            return readImages(in, file.toString());
        }
    }

    /** The labels of an IDX file; the file is opened as {@link #readImages(Path)} opens it. */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = openFile(file)) {
            return readLabels(in, file.toString());
        }
    }

    /**
     * Opens {@code file}, saying which of "does not exist" and "cannot be read" went wrong, so that a
     * missing file is not reported as a truncated or corrupted one.
     */
    private static InputStream openFile(Path file) throws IOException {
        org.nnj.Require.notNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not an IDX file");
        }
        try {
            return Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw (IOException)
                    new java.nio.file.NoSuchFileException(file.toString(), null, "the IDX file does not exist")
                            .initCause(e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw (IOException) new java.nio.file.AccessDeniedException(
                            file.toString(), null, "the IDX file cannot be read (permission denied)")
                    .initCause(e);
        } catch (IOException e) {
            throw new IOException(file + ": the IDX file cannot be read: " + e.getMessage(), e);
        }
    }

    public static Images readImages(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(open(raw));
        header(in, name, IMAGES_MAGIC, "images");
        int count = nonNegative(readInt(in, name), "count", name);
        int rows = nonNegative(readInt(in, name), "rows", name);
        int cols = nonNegative(readInt(in, name), "cols", name);
        long size = (long) count * rows * cols;
        if ((double) count * rows * cols > Integer.MAX_VALUE - 8) { // in double: the long product can wrap
            throw new IllegalArgumentException(name + ": header claims " + count + " images of " + rows + "x" + cols
                    + " = " + size + " bytes, more than this reader supports");
        }
        byte[] pixels = body(in, (int) size, name, count + " images of " + rows + "x" + cols);
        return new Images(count, rows, cols, pixels);
    }

    public static int[] readLabels(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(open(raw));
        header(in, name, LABELS_MAGIC, "labels");
        int count = nonNegative(readInt(in, name), "count", name);
        byte[] bytes = body(in, count, name, count + " labels");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xff;
        }
        return labels;
    }

    private static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in)) : in;
    }

    private static int header(DataInputStream in, String name, int expected, String kind) throws IOException {
        int magic = readInt(in, name);
        if (magic != expected) {
            throw new IllegalArgumentException(
                    name + " is not an IDX " + kind + " file: magic number " + magic + ", expected " + expected);
        }
        return magic;
    }

    private static int readInt(DataInputStream in, String name) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + " is truncated: it ends inside the header");
        }
    }

    private static int nonNegative(int v, String field, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + ": header field " + field + " is negative (" + v + ")");
        }
        return v;
    }

    /** Reads exactly {@code size} bytes and checks that nothing follows, growing the buffer as bytes arrive. */
    private static byte[] body(InputStream in, int size, String name, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(size, 1 << 20));
        byte[] chunk = new byte[64 * 1024];
        int remaining = size;
        while (remaining > 0) {
            int n = in.read(chunk, 0, Math.min(chunk.length, remaining));
            if (n < 0) {
                throw new IllegalArgumentException(name + " is truncated: the header promises " + what + " (" + size
                        + " bytes) but the data ends after " + (size - remaining));
            }
            out.write(chunk, 0, n);
            remaining -= n;
        }
        long extra = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            extra += n;
        }
        if (extra > 0) {
            throw new IllegalArgumentException(name + ": the header promises " + what + " but " + extra
                    + " more bytes follow; the count disagrees with the file size");
        }
        return out.toByteArray();
    }
}
