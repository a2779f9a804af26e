package org.nnj.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bounded little-endian reader of the model file's fields: every length is checked against the
 * bytes that remain before anything is allocated for it. A read past the end throws
 * {@link java.nio.BufferUnderflowException}, which {@link ModelFile} reports as a truncated field.
 */
final class PayloadReader {
    static final int MAX_STRING = 1024;
    static final int MAX_SIZE = 1 << 24;
    /** Most schema columns, categories of a column, or classes. */
    static final int MAX_COUNT = 1 << 20;

    private final ByteBuffer buf;
    private final String source;

    PayloadReader(ByteBuffer buf, String source) {
        this.buf = buf;
        this.source = source;
    }

    ModelFormatException error(String what) {
        return new ModelFormatException(source + ": " + what + " (at payload byte " + buf.position() + ")");
    }

    int remaining() {
        return buf.remaining();
    }

    int u8() {
        return buf.get() & 0xff;
    }

    int i32() {
        return buf.getInt();
    }

    float f32() {
        return buf.getFloat();
    }

    long i64() {
        return buf.getLong();
    }

    double f64() {
        return buf.getDouble();
    }

    /** A layer size, in 1..{@value #MAX_SIZE}. */
    /** An int32 setting of a kind, 0 to {@link #MAX_SIZE} ({@link PayloadWriter#setting}). */
    int setting(String what) throws ModelFormatException {
        int v = buf.getInt();
        if (v < 0 || v > MAX_SIZE) {
            throw error(what + " " + v + " is outside 0.." + MAX_SIZE);
        }
        return v;
    }

    int size(String what) throws ModelFormatException {
        int v = buf.getInt();
        if (v < 1 || v > MAX_SIZE) {
            throw error(what + " " + v + " is outside 1.." + MAX_SIZE);
        }
        return v;
    }

    String string() throws ModelFormatException {
        int n = buf.getInt();
        if (n < 0 || n > MAX_STRING || n > buf.remaining()) {
            throw error("string length " + n + " is impossible here");
        }
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A count in 0..max whose items each need at least {@code bytesEach} of the bytes that remain. */
    int count(String what, int max, int bytesEach) throws ModelFormatException {
        int n = buf.getInt();
        if (n < 0 || n > max || (long) n * bytesEach > buf.remaining()) {
            throw error(what + " count " + n + " is impossible here");
        }
        return n;
    }

    double[] doubles() throws ModelFormatException {
        int n = buf.getInt();
        if (n < 1 || (long) n * 8 > buf.remaining()) {
            throw error("array length " + n + " is impossible here");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = buf.getDouble();
        }
        return v;
    }
}
