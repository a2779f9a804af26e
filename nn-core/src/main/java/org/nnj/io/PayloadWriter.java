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

    void f64(double v) {
        ensure(8);
        buf.putDouble(v);
    }

    /** int32 byte length, then the UTF-8 bytes. */
    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(b.length);
        ensure(b.length);
        buf.put(b);
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
