package org.proconsul.raft.core;

import java.util.Objects;

/**
 * Where a snapshot (or log compaction) ends: the last index and term it covers and the configuration in force at
 * that index, which the log itself no longer holds once compacted.
 */
public record SnapshotMetadata(long index, long term, Configuration configuration) {

    /** No snapshot: the log starts at index 1. */
    public static final SnapshotMetadata NONE = new SnapshotMetadata(0, 0, Configuration.EMPTY);

    public SnapshotMetadata {
        Objects.requireNonNull(configuration, "configuration");
        if (index < 0 || term < 0 || (index == 0) != (term == 0)) {
            throw new IllegalArgumentException("invalid snapshot position index=" + index + " term=" + term);
        }
    }
}
