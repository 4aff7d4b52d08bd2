package org.proconsul.raft.core;

/**
 * What a leader knows about one follower. {@code lastContactTick} is in the leader's own tick count (see
 * {@link RaftStatus#tick()}); {@code replicationState} is PROBE, REPLICATE or SNAPSHOT.
 */
public record FollowerStatus(long matchIndex, long nextIndex, long lastContactTick, String replicationState,
                             boolean voter) {
}
