package org.proconsul.api.kv;

/**
 * One key of the KV store as Consul shows it. {@code session} is null when the key is not locked.
 * {@code value} is never null (an empty value is an empty array).
 */
public record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex,
        String session) {

    public KvEntry {
        java.util.Objects.requireNonNull(key);
        java.util.Objects.requireNonNull(value);
    }
}
