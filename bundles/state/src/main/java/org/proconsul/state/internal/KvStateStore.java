package org.proconsul.state.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.state.QueryResult;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.Watch;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.SnapshotStream;
import org.proconsul.api.storage.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store over one {@link Database}: applies commands in Raft order and answers reads with
 * Consul's index rules. Apply runs on one thread; reads run concurrently on their own read views.
 */
final class KvStateStore implements StateStore, ReplicatedStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(KvStateStore.class);

    private final Database db;
    private final WatchRegistry watches = new WatchRegistry();
    private volatile long lastApplied;

    KvStateStore(Database db) {
        this.db = db;
        try (ReadView view = db.read()) {
            this.lastApplied = Codec.toLong(view.get(Tables.META, Tables.META_APPLIED));
        }
    }

    // ---- ReplicatedStateMachine -------------------------------------------------------------------

    @Override
    public Object apply(long index, byte[] data) {
        return applyAll(index, Collections.singletonList(data)).get(0);
    }

    /**
     * Applies a run of committed commands as one storage write: each reads the writes of those before it
     * through a {@link StagedView}, so the outcome is the same as applying them one by one.
     */
    @Override
    public List<Object> applyAll(long firstIndex, List<byte[]> commands) {
        if (firstIndex <= lastApplied) {
            throw new AssertionError("state: apply out of order index=" + firstIndex + " last=" + lastApplied);
        }
        if (commands.isEmpty()) {
            return List.of();
        }
        List<Object> responses = new ArrayList<>(commands.size());
        Set<String> touched = new LinkedHashSet<>();
        boolean[] autopilotChanged = {false};
        long index = firstIndex;
        WriteBatch batch;
        try (ReadView view = db.read()) {
            StagedView staged = new StagedView(view);
            for (byte[] data : commands) {
                responses.add(data == null ? null : applyOne(staged, index, data, touched, autopilotChanged));
                index++;
            }
            staged.put(Tables.META, Tables.META_APPLIED, Codec.longBytes(index - 1));
            batch = staged.batch();
        }
        // written once the view is closed: an engine may not let a reader also write
        db.write(batch);
        lastApplied = index - 1;
        if (!touched.isEmpty()) {
            watches.changed(Tables.KV, touched);
        }
        if (autopilotChanged[0]) {
            watches.changed(Tables.AUTOPILOT, List.of());
        }
        return responses;
    }

    private static ApplyResponse applyOne(StagedView staged, long index, byte[] data, Set<String> touched,
            boolean[] autopilotChanged) {
        Command command = Command.decode(data);
        if (command instanceof Command.Kv kv) {
            KvOverlay overlay = new KvOverlay(staged);
            KvApplier.Outcome outcome = new KvApplier(overlay, index).run(kv.ops());
            if (!outcome.failed() && outcome.anyChange()) {
                overlay.flushTo(staged, index);
                staged.put(Tables.META, Tables.tableIndexKey(Tables.KV), Codec.longBytes(index));
                touched.addAll(overlay.touched());
            }
            return kv.single() ? single(outcome) : new ApplyResponse.Txn(outcome.results(), outcome.errors());
        } else if (command instanceof Command.ReapTombstones reap) {
            return new ApplyResponse.Reaped(reapTombstones(staged, reap.upToIndex()));
        } else if (command instanceof Command.SetAutopilotConfig set) {
            boolean applied = setAutopilotConfig(staged, index, set);
            autopilotChanged[0] |= applied;
            return new ApplyResponse.Single(applied, null);
        }
        throw new AssertionError("unhandled command " + command);
    }

    private static boolean setAutopilotConfig(StagedView staged, long index, Command.SetAutopilotConfig set) {
        byte[] stored = staged.get(Tables.AUTOPILOT, Tables.AUTOPILOT_CONFIG);
        AutopilotConfigEntry existing = stored == null ? null : AutopilotCodec.decodeEntry(stored);
        switch (set.condition()) {
            case CHECK_AND_SET:
                if (existing == null || existing.modifyIndex() != set.casIndex()) {
                    return false;
                }
                break;
            case IF_ABSENT:
                if (existing != null) {
                    return false;
                }
                break;
            default:
                break;
        }
        long created = existing == null ? index : existing.createIndex();
        staged.put(Tables.AUTOPILOT, Tables.AUTOPILOT_CONFIG,
                AutopilotCodec.encodeEntry(new AutopilotConfigEntry(set.config(), created, index)));
        staged.put(Tables.META, Tables.tableIndexKey(Tables.AUTOPILOT), Codec.longBytes(index));
        return true;
    }

    private static ApplyResponse single(KvApplier.Outcome outcome) {
        if (!outcome.failed()) {
            return new ApplyResponse.Single(true, null);
        }
        String what = outcome.errors().get(0).what();
        // A missing or unknown session is a request error (500 in Consul); every other failure is `false`.
        return what.startsWith("invalid session") ? new ApplyResponse.Single(false, what)
                : new ApplyResponse.Single(false, null);
    }

    private static int reapTombstones(StagedView staged, long upTo) {
        List<byte[]> reap = new ArrayList<>();
        staged.scan(Tables.KV_TOMBSTONES, new byte[0], null, (k, v) -> {
            if (Codec.toLong(v) <= upTo) {
                reap.add(k);
            }
            return true;
        });
        reap.forEach(k -> staged.delete(Tables.KV_TOMBSTONES, k));
        if (!reap.isEmpty()) {
            LOG.debug("state: reaped tombstones count={} upToIndex={}", reap.size(), upTo);
        }
        return reap.size();
    }

    @Override
    public void skip(long index) {
        if (index <= lastApplied) {
            throw new AssertionError("state: skip out of order index=" + index + " last=" + lastApplied);
        }
        db.write(new WriteBatch().put(Tables.META, Tables.META_APPLIED, Codec.longBytes(index)));
        lastApplied = index;
    }

    @Override
    public long lastAppliedIndex() {
        return lastApplied;
    }

    /** A detached read view pins the state at the applied index while the Raft thread goes on. */
    @Override
    public StateSnapshot snapshot() {
        ReadView view = db.detachedRead();
        long index = Codec.toLong(view.get(Tables.META, Tables.META_APPLIED));
        return new StateSnapshot() {
            @Override
            public long index() {
                return index;
            }

            @Override
            public void writeTo(OutputStream out) {
                SnapshotStream.write(view, out);
            }

            @Override
            public void close() {
                view.close();
            }
        };
    }

    @Override
    public void restore(InputStream in) {
        db.restore(in);
        try (ReadView view = db.read()) {
            lastApplied = Codec.toLong(view.get(Tables.META, Tables.META_APPLIED));
        }
        watches.changedEverything();
        LOG.info("state: restored from snapshot index={}", lastApplied);
    }

    // ---- StateStore ------------------------------------------------------------------------------

    @Override
    public QueryResult<Optional<KvEntry>> kvGet(String key) {
        try (ReadView view = db.read()) {
            byte[] stored = view.get(Tables.KV, Codec.utf8(key));
            if (stored == null) {
                return new QueryResult<>(Optional.empty(), tableIndex(view));
            }
            KvEntry entry = KvRecord.decode(key, stored);
            return new QueryResult<>(Optional.of(entry), entry.modifyIndex());
        }
    }

    @Override
    public QueryResult<List<KvEntry>> kvList(String prefix) {
        try (ReadView view = db.read()) {
            List<KvEntry> entries = new ArrayList<>();
            long[] max = {0};
            scanPrefix(view, Tables.KV, prefix, (k, v) -> {
                KvEntry e = KvRecord.decode(Codec.string(k), v);
                entries.add(e);
                max[0] = Math.max(max[0], e.modifyIndex());
                return true;
            });
            return new QueryResult<>(entries, prefixIndex(view, prefix, max[0]));
        }
    }

    @Override
    public QueryResult<List<String>> kvKeys(String prefix, String separator) {
        try (ReadView view = db.read()) {
            List<String> keys = new ArrayList<>();
            long[] max = {0};
            scanPrefix(view, Tables.KV, prefix, (k, v) -> {
                String key = Codec.string(k);
                max[0] = Math.max(max[0], KvRecord.decode(key, v).modifyIndex());
                String shown = cutAtSeparator(key, prefix, separator);
                if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(shown)) {
                    keys.add(shown);
                }
                return true;
            });
            return new QueryResult<>(keys, prefixIndex(view, prefix, max[0]));
        }
    }

    /** Consul cuts a key just after the first separator that follows the prefix. */
    static String cutAtSeparator(String key, String prefix, String separator) {
        if (separator == null || separator.isEmpty()) {
            return key;
        }
        int at = key.indexOf(separator, prefix.length());
        return at < 0 ? key : key.substring(0, at + separator.length());
    }

    private long prefixIndex(ReadView view, String prefix, long liveMax) {
        if (prefix.isEmpty()) {
            return tableIndex(view);
        }
        long[] max = {liveMax};
        scanPrefix(view, Tables.KV_TOMBSTONES, prefix, (k, v) -> {
            max[0] = Math.max(max[0], Codec.toLong(v));
            return true;
        });
        return max[0] == 0 ? tableIndex(view) : max[0];
    }

    private static void scanPrefix(ReadView view, String map, String prefix, ReadView.EntryVisitor visitor) {
        byte[] from = Codec.utf8(prefix);
        view.scan(map, from, Bytes.prefixEnd(from), visitor);
    }

    private static long tableIndex(ReadView view) {
        return Codec.toLong(view.get(Tables.META, Tables.tableIndexKey(Tables.KV)));
    }

    @Override
    public QueryResult<Optional<AutopilotConfigEntry>> autopilotConfiguration() {
        try (ReadView view = db.read()) {
            byte[] stored = view.get(Tables.AUTOPILOT, Tables.AUTOPILOT_CONFIG);
            long index = Codec.toLong(view.get(Tables.META, Tables.tableIndexKey(Tables.AUTOPILOT)));
            return new QueryResult<>(stored == null ? Optional.empty() : Optional.of(AutopilotCodec.decodeEntry(stored)),
                    index);
        }
    }

    @Override
    public <T> T readTransaction(Function<KvReader, T> body) {
        try (ReadView view = db.read()) {
            KvOverlay reads = new KvOverlay(view);
            return body.apply(new KvReader() {
                @Override
                public Optional<KvEntry> get(String key) {
                    return reads.get(key);
                }

                @Override
                public List<KvEntry> list(String prefix) {
                    return reads.list(prefix);
                }

                @Override
                public boolean sessionExists(String id) {
                    return reads.sessionExists(id);
                }
            });
        }
    }

    @Override
    public Watch watch(WatchTarget target, Runnable onChange) {
        return watches.register(target, onChange);
    }

    @Override
    public long lastIndex() {
        return lastApplied;
    }

    int parkedWatches() {
        return watches.size();
    }
}
