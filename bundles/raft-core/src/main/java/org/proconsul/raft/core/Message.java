package org.proconsul.raft.core;

/**
 * A Raft message between two servers. Every message carries the sender's term and the cluster id it
 * believes in (empty until the driver learns it); a server drops messages whose non-empty cluster id differs
 * from its own non-empty one before looking at the term, so that two clusters cut from one data copy never
 * disturb each other.
 */
public sealed interface Message
        permits RequestVote, RequestVoteResponse, AppendEntries, AppendEntriesResponse, Heartbeat,
        HeartbeatResponse, TimeoutNow, InstallSnapshot {

    String from();

    String to();

    long term();

    String clusterId();

    /** Shared checks for every message record's constructor. */
    static void checkHeader(String from, String to, long term, String clusterId) {
        if (from == null || to == null || clusterId == null) {
            throw new IllegalArgumentException("message from, to and clusterId must not be null");
        }
        if (term < 0) {
            throw new IllegalArgumentException("negative message term " + term);
        }
    }
}
