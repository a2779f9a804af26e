package org.nnj.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian writer of the model file's fields into a growing buffer. */
final class PayloadWriter {
    private ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

    private void ensure(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                    .order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    void u8(int v) {
        ensure(1);
        buf.put((byte) v);
    }

    void i32(int v) {
        ensure(4);
        buf.putInt(v);
    }

    void f32(float v) {
        ensure(4);
        buf.putFloat(v);
    }

    void i64(long v) {
        ensure(8);
        buf.putLong(v);
    }

    void f64(double v) {
        ensure(8);
        buf.putDouble(v);
    }

    /**
     * int32 byte length, then the UTF-8 bytes; refused beyond the {@value PayloadReader#MAX_STRING} bytes
     * {@link PayloadReader#string} reads, so that nothing is written that cannot be read back.
     */
    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > PayloadReader.MAX_STRING) {
            String start = s.substring(0, Math.min(s.length(), 40));
            throw new IllegalArgumentException("the name '" + start + "...' is " + b.length
                    + " bytes long in UTF-8; a model file stores names (columns, categories, classes) of up to "
                    + PayloadReader.MAX_STRING + " bytes");
        }
        i32(b.length);
        ensure(b.length);
        buf.put(b);
    }

    /** A count ({@code what}, plural) in 0..{@code max} (the bound {@link PayloadReader#count} reads), as int32. */
    void count(String what, int n, int max) {
        if (n > max) {
            throw new IllegalArgumentException(
                    "the model has " + n + " " + what + "; a model file stores at most " + max);
        }
        i32(n);
    }

    /** A layer size in 1..{@value PayloadReader#MAX_SIZE} (the bound {@link PayloadReader#size} reads), as int32. */
    /**
     * An int32 setting of a kind: 0 (an off flag, a flat layout) to {@link PayloadReader#MAX_SIZE}; the
     * kind's factory refuses values its class does not take.
     */
    void setting(String what, int v) {
        if (v < 0 || v > PayloadReader.MAX_SIZE) {
            throw new IllegalArgumentException(
                    what + " " + v + " is outside the 0.." + PayloadReader.MAX_SIZE + " a model file stores");
        }
        i32(v);
    }

    void size(String what, int v) {
        if (v < 1 || v > PayloadReader.MAX_SIZE) {
            throw new IllegalArgumentException(
                    what + " " + v + " is outside the 1.." + PayloadReader.MAX_SIZE + " a model file stores");
        }
        i32(v);
    }

    /** int32 length, then the float64 values. */
    void doubles(double[] v) {
        i32(v.length);
        for (double d : v) {
            f64(d);
        }
    }

    byte[] bytes() {
        byte[] out = new byte[buf.position()];
        buf.flip();
        buf.get(out);
        return out;
    }
}
