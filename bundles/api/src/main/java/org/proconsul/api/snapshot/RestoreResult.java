package org.proconsul.api.snapshot;

import org.proconsul.api.raft.RaftError;

/** How a restore ended. */
public sealed interface RestoreResult {
    /** Every server took the restored state at {@code index}. */
    record Restored(long index) implements RestoreResult {
    }

    /** The state was not replaced; {@code reason} is the operator-facing text. */
    record Failed(String reason) implements RestoreResult {
    }

    /** Consensus refused (no leader, shutting down). */
    record Refused(RaftError error) implements RestoreResult {
    }
}
