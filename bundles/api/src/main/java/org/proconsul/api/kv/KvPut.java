package org.proconsul.api.kv;

/**
 * A PUT of one key. {@code cas} is null for an unconditional write, else the ModifyIndex to match
 * (0 = create only). At most one of {@code cas}, {@code acquire}, {@code release} is set.
 */
public record KvPut(String key, byte[] value, long flags, Long cas, String acquire, String release) {
    public KvPut {
        java.util.Objects.requireNonNull(key);
        java.util.Objects.requireNonNull(value);
    }

    public static KvPut plain(String key, byte[] value, long flags) {
        return new KvPut(key, value, flags, null, null, null);
    }
}
