package org.proconsul.gossip.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable big-endian byte sink for the encoder. */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    void i32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /** Length-prefixed (u16) UTF-8 string; the caller has checked the bound. */
    void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        bytes(b);
    }

    void blob(byte[] b) {
        i32(b.length);
        bytes(b);
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }
}
