package org.proconsul.api.raft;

/** A server of the Raft configuration: its node id, RPC address ({@code ip:8300}) and vote. */
public record RaftPeer(String id, String address, boolean voter) {
}
