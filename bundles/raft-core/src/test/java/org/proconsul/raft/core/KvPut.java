package org.proconsul.raft.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The one command of the simulator's key-value state machine, as it travels in a log entry. The encoding is
 * a tag byte, the key's length and bytes, then the value's bytes; decoding anything else fails loudly, so a
 * corrupted or foreign entry reaching the state machine cannot go unnoticed.
 */
record KvPut(String key, String value) {

    private static final byte TAG = 'P';

    KvPut {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    byte[] encode() {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Integer.BYTES + k.length + v.length).put(TAG).putInt(k.length).put(k).put(v)
                .array();
    }

    static KvPut decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (data.length < 1 + Integer.BYTES || in.get() != TAG) {
            throw new IllegalArgumentException("not a put command: " + Arrays.toString(data));
        }
        int keyLength = in.getInt();
        if (keyLength < 0 || keyLength > in.remaining()) {
            throw new IllegalArgumentException("put command with key length " + keyLength + " in " + data.length
                    + " bytes");
        }
        String key = new String(data, in.position(), keyLength, StandardCharsets.UTF_8);
        int valueStart = in.position() + keyLength;
        return new KvPut(key, new String(data, valueStart, data.length - valueStart, StandardCharsets.UTF_8));
    }
}
