package org.proconsul.raft.core;

/**
 * The leader can no longer replicate to {@code followerId} from its log because the entries it needs were
 * compacted ({@code followerNextIndex} is below the log's first index). The driver sends its latest snapshot
 * (at least {@code snapshot}) and then calls {@link RaftCore#reportSnapshot}. Until then no entries are sent
 * to that follower.
 */
public record SnapshotNeeded(String followerId, SnapshotMetadata snapshot, long followerNextIndex) {
}
