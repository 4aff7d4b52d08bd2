package org.proconsul.api.raft;

/**
 * A server of the Raft configuration: its node id, RPC address ({@code ip:8300}), vote, and its replication
 * figures as this server knows them: for itself its own last index and term; on the leader, for each
 * follower, what it has acknowledged ({@code lastIndex}), that entry's term, and how long since it last
 * answered beyond the heartbeat interval ({@code lastContactMs}). Unknown: 0, and -1 for the contact.
 */
public record RaftPeer(String id, String address, boolean voter, long lastIndex, long lastTerm, long lastContactMs) {
}
