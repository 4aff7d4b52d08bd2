package org.proconsul.raft.core;

/**
 * Leader liveness without log matching. {@code commitIndex} is already capped at what the follower is known to
 * hold. {@code sentTick} (the leader's tick count when sending) and {@code readRound} come back in the
 * response: the first dates the acknowledgement for the lease, the second confirms read-index rounds started
 * no later than this heartbeat.
 */
public record Heartbeat(String from, String to, long term, String clusterId, long commitIndex, long sentTick,
                        long readRound) implements Message {

    public Heartbeat {
        Message.checkHeader(from, to, term, clusterId);
    }
}
