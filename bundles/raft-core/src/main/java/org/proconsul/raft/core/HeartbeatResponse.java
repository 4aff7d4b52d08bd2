package org.proconsul.raft.core;

/** Answer to a {@link Heartbeat}, echoing its {@code sentTick} and {@code readRound}. */
public record HeartbeatResponse(String from, String to, long term, String clusterId, long sentTick,
                                long readRound) implements Message {

    public HeartbeatResponse {
        Message.checkHeader(from, to, term, clusterId);
    }
}
