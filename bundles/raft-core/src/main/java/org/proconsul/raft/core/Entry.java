package org.proconsul.raft.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. The data array is shared, not copied, to keep large commands cheap: neither the core nor
 * its callers may modify it after construction.
 */
public record Entry(long index, long term, EntryType type, byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    public Entry {
        if (index < 1) {
            throw new IllegalArgumentException("entry index must be >= 1, was " + index);
        }
        if (term < 1) {
            throw new IllegalArgumentException("entry term must be >= 1, was " + term);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static Entry command(long index, long term, byte[] command) {
        return new Entry(index, term, EntryType.COMMAND, command);
    }

    public static Entry noop(long index, long term) {
        return new Entry(index, term, EntryType.NOOP, EMPTY);
    }

    public static Entry configuration(long index, long term, Configuration configuration) {
        return new Entry(index, term, EntryType.CONFIGURATION, ConfigurationCodec.encode(configuration));
    }

    /** The configuration this entry carries; only valid for {@link EntryType#CONFIGURATION} entries. */
    public Configuration configuration() {
        if (type != EntryType.CONFIGURATION) {
            throw new IllegalStateException("entry " + index + " is " + type + ", not CONFIGURATION");
        }
        return ConfigurationCodec.decode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e
                && index == e.index && term == e.term && type == e.type && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, type, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Entry[index=" + index + ", term=" + term + ", type=" + type + ", bytes=" + data.length + "]";
    }
}
