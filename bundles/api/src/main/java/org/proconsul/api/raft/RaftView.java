package org.proconsul.api.raft;

import java.util.List;

/**
 * This server's own view of Raft, as {@code /v1/status/*} and {@code /v1/agent/self} report it.
 * {@code leaderAddress} is empty when no leader is known.
 */
public record RaftView(String state, long term, String leaderId, String leaderAddress, long lastContactMs,
        long commitIndex, long appliedIndex, long lastLogIndex, List<RaftPeer> peers, long configurationIndex) {

    public boolean knownLeader() {
        return !leaderAddress.isEmpty();
    }
}
