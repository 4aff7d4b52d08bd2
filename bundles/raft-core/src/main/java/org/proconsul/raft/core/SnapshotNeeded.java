package org.proconsul.raft.core;

/**
 * The leader can no longer replicate to {@code followerId} from its log because the entries it needs were
 * compacted ({@code followerNextIndex} is below the log's first index). The driver ships its latest snapshot
 * (at least {@code snapshot}) and then calls {@link RaftCore#reportSnapshot}. Until then no entries are sent
 * to that follower.
 *
 * <p>The final {@link InstallSnapshot} must carry the term in which the need arose, not the core's term when
 * the transfer ends: by then this server may have stepped down, and a message in a newer term would pose as
 * that term's leader. {@link #installMessage} builds it that way.
 */
public record SnapshotNeeded(String leaderId, String followerId, long term, String clusterId,
                             SnapshotMetadata snapshot, long followerNextIndex) {

    /** The message that completes the transfer of the snapshot at {@code sent} stored under {@code dataReference}. */
    public InstallSnapshot installMessage(SnapshotMetadata sent, String dataReference) {
        return new InstallSnapshot(leaderId, followerId, term, clusterId, sent, dataReference);
    }
}
