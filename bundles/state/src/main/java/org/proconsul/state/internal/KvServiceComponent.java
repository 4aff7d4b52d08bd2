package org.proconsul.state.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvPut;
import org.proconsul.api.kv.KvService;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.kv.KvWriteResult;
import org.proconsul.api.kv.TxnOutcome;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.StateStore;

/** Turns KV requests into state-machine commands and replicates them through {@link Consensus}. */
@Component(service = KvService.class)
public final class KvServiceComponent implements KvService {

    private final Consensus consensus;
    private final StateStore store;

    @Activate
    public KvServiceComponent(@Reference Consensus consensus, @Reference StateStore store) {
        this.consensus = consensus;
        this.store = store;
    }

    @Override
    public CompletableFuture<KvWriteResult> put(KvPut put) {
        KvTxnOp op;
        if (put.acquire() != null && inLockDelay(put.key())) {
            // Consul answers false without a Raft write while a released key's lock delay runs
            return CompletableFuture.completedFuture(new KvWriteResult.Done(false, store.lastIndex()));
        }
        if (put.acquire() != null) {
            op = new KvTxnOp(KvVerb.LOCK, put.key(), put.value(), put.flags(), 0, put.acquire());
        } else if (put.release() != null) {
            op = new KvTxnOp(KvVerb.UNLOCK, put.key(), put.value(), put.flags(), 0, put.release());
        } else if (put.cas() != null) {
            op = new KvTxnOp(KvVerb.CAS, put.key(), put.value(), put.flags(), put.cas(), null);
        } else {
            op = new KvTxnOp(KvVerb.SET, put.key(), put.value(), put.flags(), 0, null);
        }
        return single(op);
    }

    @Override
    public CompletableFuture<KvWriteResult> delete(String key, boolean recurse, Long cas) {
        KvVerb verb = recurse ? KvVerb.DELETE_TREE : cas != null ? KvVerb.DELETE_CAS : KvVerb.DELETE;
        return single(new KvTxnOp(verb, key, null, 0, cas == null ? 0 : cas, null));
    }

    private CompletableFuture<KvWriteResult> single(KvTxnOp op) {
        byte[] command = Command.encode(new Command.Kv(true, List.of(op)));
        return consensus.apply(command).thenApply(result -> {
            if (result instanceof ApplyResult.Refused refused) {
                return new KvWriteResult.Refused(refused.error());
            }
            ApplyResult.Applied applied = (ApplyResult.Applied) result;
            ApplyResponse.Single response = (ApplyResponse.Single) applied.response();
            return response.error() != null ? new KvWriteResult.Invalid(response.error())
                    : new KvWriteResult.Done(response.success(), applied.index());
        });
    }

    @Override
    public CompletableFuture<TxnOutcome> txn(List<KvTxnOp> ops, ReadConsistency consistency) {
        if (ops.stream().allMatch(op -> op.verb().readOnly())) {
            return consensus.readBarrier(consistency).thenApply(permit -> {
                if (permit instanceof ReadPermit.Refused refused) {
                    return new TxnOutcome.Refused(refused.error());
                }
                return store.readTransaction(reader -> {
                    KvApplier.Outcome outcome = new KvApplier(new ReadOnlyView(reader), store.lastIndex()).run(ops);
                    return outcome.failed() ? new TxnOutcome.RolledBack(outcome.errors())
                            : new TxnOutcome.Committed(outcome.results(), store.lastIndex());
                });
            });
        }
        List<org.proconsul.api.kv.TxnError> delayed = new java.util.ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).verb() == KvVerb.LOCK && inLockDelay(ops.get(i).key())) {
                delayed.add(new org.proconsul.api.kv.TxnError(i, "failed to lock key \"" + ops.get(i).key()
                        + "\" due to lock delay"));
            }
        }
        if (!delayed.isEmpty()) {
            return CompletableFuture.completedFuture(new TxnOutcome.RolledBack(delayed));
        }
        byte[] command = Command.encode(new Command.Kv(false, ops));
        return consensus.apply(command).thenApply(result -> {
            if (result instanceof ApplyResult.Refused refused) {
                return new TxnOutcome.Refused(refused.error());
            }
            ApplyResult.Applied applied = (ApplyResult.Applied) result;
            ApplyResponse.Txn response = (ApplyResponse.Txn) applied.response();
            return response.errors().isEmpty() ? new TxnOutcome.Committed(response.results(), applied.index())
                    : new TxnOutcome.RolledBack(response.errors());
        });
    }

    /** The lock delay as this server keeps it; acquires are passed to the leader, so it is the leader's. */
    private boolean inLockDelay(String key) {
        return store.lockDelayEnds(key).isAfter(java.time.Instant.now());
    }

    /** Read-only verbs over a store snapshot; a write here would be a bug in the verb table. */
    private record ReadOnlyView(StateStore.KvReader reader) implements KvView {
        @Override
        public Optional<KvEntry> get(String key) {
            return reader.get(key);
        }

        @Override
        public List<KvEntry> list(String prefix) {
            return reader.list(prefix);
        }

        @Override
        public boolean sessionExists(String id) {
            return reader.sessionExists(id);
        }

        @Override
        public void put(KvEntry entry) {
            throw new AssertionError("write in a read-only transaction key=" + entry.key());
        }

        @Override
        public void delete(String key) {
            throw new AssertionError("delete in a read-only transaction key=" + key);
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    }
}
