package org.proconsul.api.autopilot;

import org.proconsul.api.raft.RaftError;

/** The outcome of writing replicated settings. */
public sealed interface ConfigWriteResult {

    /** Applied at {@code index}; {@code success} is false when a check-and-set found another index. */
    record Done(boolean success, long index) implements ConfigWriteResult {
    }

    /** Consensus refused the write (no leader, shutting down, storage failure). */
    record Refused(RaftError error) implements ConfigWriteResult {
    }
}
