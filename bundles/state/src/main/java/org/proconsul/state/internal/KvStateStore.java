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
    /** A service's instances as last assembled, reused while the catalog's index stays where it was. */
    private final InstancesCache instances = new InstancesCache();
    /** Lock delays by key (epoch ms when they end): set by applies on this server, never replicated. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lockDelays = new java.util.concurrent.ConcurrentHashMap<>();

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
        // a restore's finish replaces the whole database: the commands around it are written on either side
        for (int i = 0; i < commands.size(); i++) {
            byte[] data = commands.get(i);
            if (data != null && data.length > 0 && data[0] == Command.TYPE_RESTORE_FINISH) {
                List<Object> responses = new ArrayList<>(commands.size());
                responses.addAll(applyAll(firstIndex, commands.subList(0, i)));
                responses.add(finishRestore(firstIndex + i, (Command.RestoreFinish) Command.decode(data)));
                responses.addAll(applyAll(firstIndex + i + 1, commands.subList(i + 1, commands.size())));
                return responses;
            }
        }
        List<Object> responses = new ArrayList<>(commands.size());
        Set<String> touched = new LinkedHashSet<>();
        CatalogTables.Touched tables = new CatalogTables.Touched();
        List<SessionTables.LockDelay> delays = new ArrayList<>();
        long index = firstIndex;
        WriteBatch batch;
        try (ReadView view = db.read()) {
            StagedView staged = new StagedView(view);
            for (byte[] data : commands) {
                responses.add(data == null ? null : applyOne(staged, index, data, touched, tables, delays));
                index++;
            }
            staged.put(Tables.META, Tables.META_APPLIED, Codec.longBytes(index - 1));
            batch = staged.batch();
        }
        // written once the view is closed: an engine may not let a reader also write
        db.write(batch);
        lastApplied = index - 1;
        long now = System.currentTimeMillis();
        for (SessionTables.LockDelay d : delays) {
            lockDelays.merge(d.key(), now + d.delay().toMillis(), Math::max);
        }
        if (!touched.isEmpty()) {
            watches.changed(Tables.KV, touched);
        }
        for (String table : tables.tables) {
            watches.changed(table, List.of());
        }
        return responses;
    }

    private static ApplyResponse applyOne(StagedView staged, long index, byte[] data, Set<String> touched,
            CatalogTables.Touched tables, List<SessionTables.LockDelay> delays) {
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
            if (applied) {
                tables.tables.add(Tables.AUTOPILOT);
            }
            return new ApplyResponse.Single(applied, null);
        } else if (command instanceof Command.CatalogRegister register) {
            CatalogTables.Touched now = new CatalogTables.Touched();
            String error = CatalogTables.register(staged, index, register.registration(), now);
            invalidateSessions(staged, index, now, touched, delays);
            stampTables(staged, index, now, tables);
            return new ApplyResponse.Single(error == null, error);
        } else if (command instanceof Command.CatalogDeregister deregister) {
            CatalogTables.Touched now = new CatalogTables.Touched();
            CatalogTables.deregister(staged, deregister.deregistration(), now);
            invalidateSessions(staged, index, now, touched, delays);
            stampTables(staged, index, now, tables);
            return new ApplyResponse.Single(true, null);
        } else if (command instanceof Command.SessionCreate create) {
            CatalogTables.Touched now = new CatalogTables.Touched();
            String error = SessionTables.create(staged, index, create.session(), now);
            stampTables(staged, index, now, tables);
            return new ApplyResponse.Single(error == null, error);
        } else if (command instanceof Command.SessionDestroy destroy) {
            CatalogTables.Touched now = new CatalogTables.Touched();
            KvOverlay kv = new KvOverlay(staged);
            boolean existed = SessionTables.destroy(staged, destroy.id(), kv, index, delays, now);
            flushKv(staged, index, kv, touched);
            stampTables(staged, index, now, tables);
            if (existed) {
                LOG.info("state: session destroyed session={} index={} keys={}", destroy.id(), index, kv.touched().size());
            }
            return new ApplyResponse.Single(true, null);
        } else if (command instanceof Command.RestoreChunk chunk) {
            staged.put(Tables.RESTORE, restoreKey(chunk.restoreId(), chunk.seq()), chunk.data());
            return new ApplyResponse.Single(true, null);
        }
        throw new AssertionError("unhandled command " + command);
    }

    /**
     * Ends the sessions a catalog write took the ground from: those of a removed node, and those depending
     * on a check that is critical now or gone, as Consul's state store does in the same transaction.
     */
    private static void invalidateSessions(StagedView staged, long index, CatalogTables.Touched now,
            Set<String> touchedKeys, List<SessionTables.LockDelay> delays) {
        Set<String> ended = new LinkedHashSet<>();
        for (String nodeAndCheck : now.failedChecks) {
            int cut = nodeAndCheck.indexOf('\0');
            ended.addAll(SessionTables.sessionsOfChecks(staged, nodeAndCheck.substring(0, cut),
                    List.of(nodeAndCheck.substring(cut + 1))));
        }
        for (String node : now.removedNodes) {
            SessionTables.ofNode(staged, node).forEach(s -> ended.add(s.id()));
        }
        if (ended.isEmpty()) {
            return;
        }
        KvOverlay kv = new KvOverlay(staged);
        for (String id : ended) {
            SessionTables.destroy(staged, id, kv, index, delays, now);
            LOG.info("state: session invalidated session={} index={} why={}", id, index,
                    now.removedNodes.isEmpty() ? "check critical or removed" : "node deregistered");
        }
        flushKv(staged, index, kv, touchedKeys);
    }

    private static void flushKv(StagedView staged, long index, KvOverlay kv, Set<String> touchedKeys) {
        if (!kv.isEmpty()) {
            kv.flushTo(staged, index);
            staged.put(Tables.META, Tables.tableIndexKey(Tables.KV), Codec.longBytes(index));
            touchedKeys.addAll(kv.touched());
        }
    }

    /** Moves the index of every table a catalog write changed to {@code index}. */
    private static void stampTables(StagedView staged, long index, CatalogTables.Touched now,
            CatalogTables.Touched all) {
        for (String table : now.tables) {
            staged.put(Tables.META, Tables.tableIndexKey(table), Codec.longBytes(index));
        }
        all.tables.addAll(now.tables);
    }

    static byte[] restoreKey(String restoreId, int seq) {
        byte[] id = Codec.utf8(restoreId);
        return java.nio.ByteBuffer.allocate(id.length + 5).put(id).put((byte) 0).putInt(seq).array();
    }

    /**
     * The end of a snapshot restore, applied alike on every server: the parts are joined in order into a
     * temporary file, checked against the count and hash the restoring server sent and against the state
     * stream's own structure, and then replace the whole database. Every table index moves to this entry's
     * index, so blocking queries wake up and see it; the parts themselves are not part of the restored state.
     * A restore that does not check out (or an abort) only drops its parts.
     */
    private ApplyResponse finishRestore(long index, Command.RestoreFinish finish) {
        // every part's key starts with the id and a 0 byte: the range ends where that byte would be 1
        byte[] from0 = java.util.Arrays.copyOf(Codec.utf8(finish.restoreId()), Codec.utf8(finish.restoreId()).length + 1);
        byte[] to = from0.clone();
        to[to.length - 1] = 1;
        if (finish.abort()) {
            dropRestore(index, from0, to);
            LOG.info("state: dropped an abandoned snapshot restore restore={} index={}", finish.restoreId(), index);
            return new ApplyResponse.Single(true, null);
        }
        java.nio.file.Path temp = null;
        try {
            temp = java.nio.file.Files.createTempFile("proconsul-restore-", ".state");
            String problem = assembleRestore(finish, from0, to, temp);
            if (problem != null) {
                dropRestore(index, from0, to);
                LOG.warn("state: snapshot restore refused restore={} index={}: {}", finish.restoreId(), index, problem);
                return new ApplyResponse.Single(false, problem);
            }
            try (InputStream in = java.nio.file.Files.newInputStream(temp)) {
                db.restore(in);
            }
            byte[] at = Codec.longBytes(index);
            db.write(new WriteBatch().put(Tables.META, Tables.META_APPLIED, at)
                    .put(Tables.META, Tables.tableIndexKey(Tables.KV), at)
                    .put(Tables.META, Tables.tableIndexKey(Tables.AUTOPILOT), at)
                    .put(Tables.META, Tables.tableIndexKey(StateStore.NODES), at)
                    .put(Tables.META, Tables.tableIndexKey(StateStore.SERVICES), at)
                    .put(Tables.META, Tables.tableIndexKey(StateStore.CHECKS), at)
                    .put(Tables.META, Tables.tableIndexKey(StateStore.SESSIONS), at));
            lastApplied = index;
            instances.clear();
            watches.changedEverything();
            LOG.info("state: restored a snapshot restore={} index={} bytes={}", finish.restoreId(), index,
                    java.nio.file.Files.size(temp));
            return new ApplyResponse.Single(true, null);
        } catch (java.io.IOException e) {
            throw new org.proconsul.api.storage.StorageException("state: snapshot restore cannot use a temporary file: "
                    + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(temp);
                } catch (java.io.IOException e) {
                    LOG.warn("state: cannot delete the temporary restore file={}: {}", temp, e.getMessage());
                }
            }
        }
    }

    private String assembleRestore(Command.RestoreFinish finish, byte[] from, byte[] to, java.nio.file.Path temp)
            throws java.io.IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int[] next = {0};
        try (ReadView view = db.read();
                OutputStream out = new java.security.DigestOutputStream(java.nio.file.Files.newOutputStream(temp),
                        digest)) {
            java.io.IOException[] failed = {null};
            view.scan(Tables.RESTORE, from, to, (k, v) -> {
                int seq = java.nio.ByteBuffer.wrap(k, k.length - 4, 4).getInt();
                if (seq != next[0]) {
                    return false;
                }
                try {
                    out.write(v);
                } catch (java.io.IOException e) {
                    failed[0] = e;
                    return false;
                }
                next[0]++;
                return true;
            });
            if (failed[0] != null) {
                throw failed[0];
            }
        }
        if (next[0] != finish.chunks()) {
            return "snapshot restore is missing parts: received " + next[0] + " of " + finish.chunks();
        }
        String sum = java.util.HexFormat.of().formatHex(digest.digest());
        if (!sum.equalsIgnoreCase(finish.sha256())) {
            return "snapshot restore parts do not match their checksum";
        }
        try (InputStream in = java.nio.file.Files.newInputStream(temp)) {
            SnapshotStream.read(in, (map, key, value) -> { });
        } catch (org.proconsul.api.storage.StorageException e) {
            return "snapshot state is not readable: " + e.getMessage();
        }
        return null;
    }

    private void dropRestore(long index, byte[] from, byte[] to) {
        db.write(new WriteBatch().deleteRange(Tables.RESTORE, from, to)
                .put(Tables.META, Tables.META_APPLIED, Codec.longBytes(index)));
        lastApplied = index;
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
        instances.clear();
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
    public QueryResult<List<org.proconsul.api.catalog.CatalogNode>> catalogNodes() {
        try (ReadView view = db.read()) {
            return new QueryResult<>(CatalogTables.nodes(view), CatalogTables.index(view, NODES));
        }
    }

    @Override
    public QueryResult<java.util.SortedMap<String, List<String>>> catalogServices() {
        try (ReadView view = db.read()) {
            return new QueryResult<>(CatalogTables.serviceNames(view), CatalogTables.index(view, SERVICES));
        }
    }

    @Override
    public QueryResult<Optional<java.util.Map.Entry<org.proconsul.api.catalog.CatalogNode,
            List<org.proconsul.api.catalog.CatalogService>>>> catalogNode(String node) {
        try (ReadView view = db.read()) {
            long index = CatalogTables.index(view, NODES, SERVICES);
            return new QueryResult<>(CatalogTables.node(view, node).map(n -> java.util.Map.entry(n,
                    List.copyOf(CatalogTables.services(view, node).values()))), index);
        }
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.ServiceEntry>> serviceInstances(String service) {
        try (ReadView view = db.read()) {
            long index = CatalogTables.index(view, NODES, SERVICES, CHECKS);
            return new QueryResult<>(instances.get(service, index, () -> CatalogTables.instances(view, service)), index);
        }
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> nodeChecks(String node) {
        try (ReadView view = db.read()) {
            return new QueryResult<>(CatalogTables.checks(view, node), CatalogTables.index(view, CHECKS));
        }
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> serviceChecks(String service) {
        try (ReadView view = db.read()) {
            List<org.proconsul.api.catalog.HealthCheck> out = new ArrayList<>();
            for (org.proconsul.api.catalog.ServiceEntry e : CatalogTables.instances(view, service)) {
                for (org.proconsul.api.catalog.HealthCheck c : e.checks()) {
                    if (c.serviceId().equals(e.service().id())) {
                        out.add(c);
                    }
                }
            }
            return new QueryResult<>(out, CatalogTables.index(view, CHECKS));
        }
    }

    @Override
    public QueryResult<Optional<org.proconsul.api.session.Session>> session(String id) {
        try (ReadView view = db.read()) {
            return new QueryResult<>(SessionTables.get(view, id), CatalogTables.index(view, SESSIONS));
        }
    }

    @Override
    public QueryResult<List<org.proconsul.api.session.Session>> sessions() {
        try (ReadView view = db.read()) {
            return new QueryResult<>(SessionTables.all(view), CatalogTables.index(view, SESSIONS));
        }
    }

    @Override
    public QueryResult<List<org.proconsul.api.session.Session>> nodeSessions(String node) {
        try (ReadView view = db.read()) {
            return new QueryResult<>(SessionTables.ofNode(view, node), CatalogTables.index(view, SESSIONS));
        }
    }

    @Override
    public java.time.Instant lockDelayEnds(String key) {
        Long until = lockDelays.get(key);
        if (until == null) {
            return java.time.Instant.MIN;
        }
        if (until <= System.currentTimeMillis()) {
            lockDelays.remove(key, until);
            return java.time.Instant.MIN;
        }
        return java.time.Instant.ofEpochMilli(until);
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> checksInState(String status) {
        try (ReadView view = db.read()) {
            List<org.proconsul.api.catalog.HealthCheck> out = new ArrayList<>();
            for (org.proconsul.api.catalog.HealthCheck c : CatalogTables.allChecks(view)) {
                if (status.equals("any") || c.status().equals(status)) {
                    out.add(c);
                }
            }
            return new QueryResult<>(out, CatalogTables.index(view, CHECKS));
        }
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
