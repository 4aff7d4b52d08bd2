package org.proconsul.state.internal;

import java.util.List;

import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.TxnError;

/** What the state machine answers the proposer of a command. */
sealed interface ApplyResponse {

    /** A plain KV write: {@code true}/{@code false} as Consul answers, or a request error text. */
    record Single(boolean success, String error) implements ApplyResponse {
    }

    /** A transaction: results when it committed, errors when it rolled back. */
    record Txn(List<KvEntry> results, List<TxnError> errors) implements ApplyResponse {
    }

    /** Tombstones removed by a reap. */
    record Reaped(int count) implements ApplyResponse {
    }
}
