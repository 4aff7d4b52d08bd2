package org.proconsul.raft.core;

import java.util.Objects;

/**
 * Tells a follower to replace its log with a snapshot. The snapshot's bytes travel outside the core (chunked by
 * the driver); {@code dataReference} is the driver's opaque handle to them. The driver steps this message into
 * the follower's core once the data has arrived; the core then hands it back in {@link Ready#snapshotToInstall()}
 * and answers with an {@link AppendEntriesResponse} whose matchIndex is the snapshot index.
 */
public record InstallSnapshot(String from, String to, long term, String clusterId, SnapshotMetadata metadata,
                              String dataReference) implements Message {

    public InstallSnapshot {
        Message.checkHeader(from, to, term, clusterId);
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(dataReference, "dataReference");
    }
}
