package org.proconsul.api.storage;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/** A consistent snapshot of a {@link Database}. Not thread-safe; close it promptly. */
@ConsumerType
public interface ReadView extends AutoCloseable {

    /** The value stored under {@code key} in {@code map}, or {@code null}. */
    byte[] get(String map, byte[] key);

    /**
     * Visits the entries of {@code map} with {@code from <= key < to} in key order ({@code to == null}
     * means no upper bound) until the visitor returns false.
     */
    void scan(String map, byte[] from, byte[] to, EntryVisitor visitor);

    /** Visits the entries of {@code map} in reverse key order, starting below {@code toExclusive} (null: from the end). */
    void scanBackward(String map, byte[] toExclusive, EntryVisitor visitor);

    /** The names of the maps this view holds entries in, in name order. */
    List<String> maps();

    @Override
    void close();

    /** Receives one entry; returns false to stop the scan. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(byte[] key, byte[] value);
    }
}
