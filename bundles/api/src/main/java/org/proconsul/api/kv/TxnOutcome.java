package org.proconsul.api.kv;

import java.util.List;

import org.proconsul.api.raft.RaftError;

/** The result of a transaction: committed with per-operation results, rolled back, or not run. */
public sealed interface TxnOutcome {

    /** Every operation succeeded; {@code results} holds one entry per operation that returns one. */
    record Committed(List<KvEntry> results, long index) implements TxnOutcome {
    }

    /** At least one operation failed; nothing was changed. */
    record RolledBack(List<TxnError> errors) implements TxnOutcome {
    }

    /** Consensus refused the transaction (no leader, shutting down...). */
    record Refused(RaftError error) implements TxnOutcome {
    }
}
