package org.proconsul.cli.http;

/**
 * One KV entry as the agent returns it. Unsigned 64-bit numbers are held in {@code long}s; print them with
 * {@link Long#toUnsignedString(long)}. {@code session}, {@code namespace} and {@code partition} are "" when
 * absent.
 */
public final class KvPair {
    private final String key;
    private final long flags;
    private final byte[] value;
    private final String session;
    private final long lockIndex;
    private final long createIndex;
    private final long modifyIndex;
    private final String namespace;
    private final String partition;

    public KvPair(String key, long flags, byte[] value, String session, long lockIndex, long createIndex,
                  long modifyIndex, String namespace, String partition) {
        this.key = key;
        this.flags = flags;
        this.value = value;
        this.session = session;
        this.lockIndex = lockIndex;
        this.createIndex = createIndex;
        this.modifyIndex = modifyIndex;
        this.namespace = namespace;
        this.partition = partition;
    }

    public String key() {
        return key;
    }

    public long flags() {
        return flags;
    }

    /** The raw value; empty (never null) when the agent sent {@code null}. */
    public byte[] value() {
        return value;
    }

    public String session() {
        return session;
    }

    public long lockIndex() {
        return lockIndex;
    }

    public long createIndex() {
        return createIndex;
    }

    public long modifyIndex() {
        return modifyIndex;
    }

    public String namespace() {
        return namespace;
    }

    public String partition() {
        return partition;
    }
}
