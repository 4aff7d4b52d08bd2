package org.proconsul.state.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small big-endian helpers shared by the table and command codecs. */
final class Codec {
    private Codec() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static long toLong(byte[] b) {
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }
}
