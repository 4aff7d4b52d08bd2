package org.proconsul.state.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.TxnError;

/**
 * Runs KV operations against an overlay with Consul's semantics and texts. Deterministic: the only
 * inputs are the operations, the overlay and the Raft index.
 */
final class KvApplier {

    /** What a list of operations produced: one result per returning operation, and every failure. */
    record Outcome(List<KvEntry> results, List<TxnError> errors, boolean anyChange) {
        boolean failed() {
            return !errors.isEmpty();
        }
    }

    private final KvView overlay;
    private final long index;
    private final List<KvEntry> results = new ArrayList<>();
    private final List<TxnError> errors = new ArrayList<>();

    KvApplier(KvView overlay, long index) {
        this.overlay = overlay;
        this.index = index;
    }

    Outcome run(List<KvTxnOp> ops) {
        for (int i = 0; i < ops.size(); i++) {
            String failure = apply(ops.get(i));
            if (failure != null) {
                errors.add(new TxnError(i, failure));
            }
        }
        return new Outcome(List.copyOf(results), List.copyOf(errors), !overlay.isEmpty());
    }

    /** Applies one operation; returns Consul's failure text, or null on success. */
    private String apply(KvTxnOp op) {
        String key = op.key();
        Optional<KvEntry> existing = overlay.get(key);
        switch (op.verb()) {
            case SET:
                resultWithoutValue(set(op, existing));
                return null;
            case CAS: {
                boolean matches = op.index() == 0 ? existing.isEmpty()
                        : existing.isPresent() && existing.get().modifyIndex() == op.index();
                if (!matches) {
                    return "failed to set key \"" + key + "\", index is stale";
                }
                resultWithoutValue(set(op, existing));
                return null;
            }
            case DELETE:
                existing.ifPresent(e -> overlay.delete(key));
                return null;
            case DELETE_TREE:
                for (KvEntry e : overlay.list(key)) {
                    overlay.delete(e.key());
                }
                return null;
            case DELETE_CAS:
                if (existing.isEmpty()) {
                    return null;
                }
                if (op.index() == 0 || existing.get().modifyIndex() != op.index()) {
                    return "failed to delete key \"" + key + "\", index is stale";
                }
                overlay.delete(key);
                return null;
            case LOCK:
                return lock(op, existing);
            case UNLOCK:
                return unlock(op, existing);
            case GET:
                if (existing.isEmpty()) {
                    return "key \"" + key + "\" doesn't exist";
                }
                results.add(existing.get());
                return null;
            case GET_TREE:
                results.addAll(overlay.list(key));
                return null;
            case GET_OR_EMPTY:
                results.add(existing.orElse(new KvEntry(key, new byte[0], 0, 0, 0, 0, null)));
                return null;
            case CHECK_INDEX:
                if (existing.isEmpty()) {
                    return "failed to check index, key \"" + key + "\" doesn't exist";
                }
                if (existing.get().modifyIndex() != op.index()) {
                    return "failed index check for key \"" + key + "\", current modify index "
                            + existing.get().modifyIndex() + " != " + op.index();
                }
                results.add(withoutValue(existing.get()));
                return null;
            case CHECK_SESSION: {
                String current = existing.map(KvEntry::session).orElse(null);
                if (existing.isEmpty() || !java.util.Objects.equals(current, op.session())) {
                    return "failed session check for key \"" + key + "\", current session \""
                            + (current == null ? "" : current) + "\" != \"" + nullToEmpty(op.session()) + "\"";
                }
                results.add(withoutValue(existing.get()));
                return null;
            }
            case CHECK_NOT_EXISTS:
                return existing.isPresent() ? "key \"" + key + "\" exists" : null;
            default:
                throw new AssertionError("unhandled verb " + op.verb());
        }
    }

    /** A plain write: keeps the holder and lock count; an identical rewrite changes nothing, as in Consul. */
    private KvEntry set(KvTxnOp op, Optional<KvEntry> existing) {
        if (existing.isPresent()) {
            KvEntry old = existing.get();
            if (old.flags() == op.flags() && Arrays.equals(old.value(), op.value())) {
                return old;
            }
            KvEntry updated = new KvEntry(op.key(), op.value(), op.flags(), old.createIndex(), index, old.lockIndex(),
                    old.session());
            overlay.put(updated);
            return updated;
        }
        KvEntry created = new KvEntry(op.key(), op.value(), op.flags(), index, index, 0, null);
        overlay.put(created);
        return created;
    }

    private String lock(KvTxnOp op, Optional<KvEntry> existing) {
        String key = op.key();
        if (op.session() == null || !overlay.sessionExists(op.session())) {
            return "invalid session \"" + nullToEmpty(op.session()) + "\"";
        }
        if (existing.isPresent() && existing.get().session() != null
                && !existing.get().session().equals(op.session())) {
            return "failed to lock key \"" + key + "\", lock is already held";
        }
        KvEntry entry;
        if (existing.isPresent() && op.session().equals(existing.get().session())) {
            KvEntry old = existing.get();
            entry = new KvEntry(key, op.value(), op.flags(), old.createIndex(), index, old.lockIndex(), old.session());
        } else if (existing.isPresent()) {
            KvEntry old = existing.get();
            entry = new KvEntry(key, op.value(), op.flags(), old.createIndex(), index, old.lockIndex() + 1, op.session());
        } else {
            entry = new KvEntry(key, op.value(), op.flags(), index, index, 1, op.session());
        }
        overlay.put(entry);
        resultWithoutValue(entry);
        return null;
    }

    private String unlock(KvTxnOp op, Optional<KvEntry> existing) {
        String key = op.key();
        if (existing.isEmpty() || existing.get().session() == null
                || !existing.get().session().equals(op.session())) {
            return "failed to unlock key \"" + key + "\", lock isn't held, or is held by another session";
        }
        KvEntry old = existing.get();
        KvEntry entry = new KvEntry(key, op.value(), op.flags(), old.createIndex(), index, old.lockIndex(), null);
        overlay.put(entry);
        resultWithoutValue(entry);
        return null;
    }

    private void resultWithoutValue(KvEntry e) {
        results.add(withoutValue(e));
    }

    private static KvEntry withoutValue(KvEntry e) {
        return new KvEntry(e.key(), new byte[0], e.flags(), e.createIndex(), e.modifyIndex(), e.lockIndex(),
                e.session());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
