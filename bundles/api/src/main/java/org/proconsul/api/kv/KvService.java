package org.proconsul.api.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.raft.ReadConsistency;

/**
 * Writes to the replicated KV store (reads go through {@link org.proconsul.api.state.StateStore}).
 * Every write is one Raft command; futures complete once the command is applied or refused.
 */
@ProviderType
public interface KvService {

    CompletableFuture<KvWriteResult> put(KvPut put);

    /** Deletes a key, or every key under the prefix when {@code recurse}; {@code cas} as in {@link KvPut}. */
    CompletableFuture<KvWriteResult> delete(String key, boolean recurse, Long cas);

    /**
     * Runs the operations atomically. A transaction of read-only verbs skips Raft and is served with
     * {@code consistency}; any write verb makes it one Raft command.
     */
    CompletableFuture<TxnOutcome> txn(List<KvTxnOp> ops, ReadConsistency consistency);
}
