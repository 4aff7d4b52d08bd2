package org.proconsul.api.raft;

/** Why consensus did not take or serve a request. The HTTP edge maps each to Consul's status and text. */
public sealed interface RaftError {

    /** No leader is known, or none came within the hold timeout: Consul's {@code No cluster leader}. */
    record NoLeader() implements RaftError {
    }

    /** This server is not the leader; {@code leaderAddress} is the known leader's RPC address or empty. */
    record NotLeader(String leaderId, String leaderAddress) implements RaftError {
    }

    /** Leadership was lost before the request committed; it may or may not have been applied. */
    record LeadershipLost() implements RaftError {
    }

    /** The server is stopping. */
    record ShuttingDown() implements RaftError {
    }

    /** The log could not be written; the server stopped serving writes. */
    record StorageFailed(String reason) implements RaftError {
    }
}
