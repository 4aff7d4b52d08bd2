package org.proconsul.api.kv;

import org.proconsul.api.raft.RaftError;

/** The outcome of a KV write as Consul reports it. */
public sealed interface KvWriteResult {

    /** Applied at {@code index}; {@code success} is the {@code true}/{@code false} body Consul returns. */
    record Done(boolean success, long index) implements KvWriteResult {
    }

    /** Consensus refused the write (no leader, shutting down, storage failure). */
    record Refused(RaftError error) implements KvWriteResult {
    }

    /** The state machine rejected the request with Consul's error text (e.g. {@code invalid session "x"}). */
    record Invalid(String message) implements KvWriteResult {
    }
}
