package org.proconsul.api.raft;

/**
 * A server of the Raft configuration: its node id, RPC address ({@code ip:8300}), vote, and the last log
 * index this server knows it holds (its own last index for itself; on the leader, what each follower has
 * acknowledged; 0 when unknown).
 */
public record RaftPeer(String id, String address, boolean voter, long lastIndex) {
}
