package org.proconsul.raft.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;

import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.ConfigurationCodec;
import org.proconsul.raft.core.Entry;
import org.proconsul.raft.core.EntryType;
import org.proconsul.raft.core.HardState;
import org.proconsul.raft.core.RaftLog;
import org.proconsul.raft.core.Ready;
import org.proconsul.raft.core.SnapshotMetadata;

/**
 * The Raft log and hard state in a {@link Database} opened with fsync. One {@link Ready} is persisted
 * as one atomic batch (truncation, entries, hard state), so a crash never leaves a commit index that
 * points past the entries. Each entry carries a CRC32C that is checked when read back.
 *
 * <p>The tail of the log is cached in memory (bounded), because the core asks for terms and entries of
 * recent indexes on every message.
 */
final class StorageRaftLog implements RaftLog {
    /** Where entries lived before they were kept in segments; read once at start and moved. */
    static final String LEGACY_LOG = "log";
    static final String META = "meta";
    /** Entries live in maps of 8,192 consecutive indexes ("log.N" holds N * 8192 ..), so compaction drops maps. */
    static final int SEGMENT_SHIFT = 13;
    private static final String SEGMENT_PREFIX = "log.";
    private static final byte[] ALL = new byte[0];
    private static final int MIGRATE_CHUNK = 4096;
    private static final byte[] HARD_STATE = "hard_state".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SNAPSHOT = "snapshot".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLUSTER_ID = "cluster_id".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OWNER = "server_id".getBytes(StandardCharsets.UTF_8);
    /** Version 2 checksums the term and type with the data; version 1 checksummed the data only. */
    private static final int ENTRY_VERSION = 2;
    private static final int CACHE_LIMIT = 8192;

    private final Database db;
    private HardState hardState;
    private SnapshotMetadata snapshot;
    private long lastIndex;
    /** The segments that may hold entries, by number. */
    private final NavigableSet<Long> segments = new TreeSet<>();
    private String clusterId;
    private final NavigableMap<Long, Entry> tail = new TreeMap<>();
    /** The configuration entries above the snapshot index, by index: a handful, so kept in memory. */
    private final NavigableMap<Long, Configuration> configurations = new TreeMap<>();

    StorageRaftLog(Database db) {
        this.db = db;
        moveLegacyEntries();
        try (ReadView view = db.read()) {
            byte[] hs = view.get(META, HARD_STATE);
            this.hardState = hs == null ? HardState.EMPTY : decodeHardState(hs);
            byte[] snap = view.get(META, SNAPSHOT);
            this.snapshot = snap == null ? SnapshotMetadata.NONE : decodeSnapshot(snap);
            byte[] cid = view.get(META, CLUSTER_ID);
            this.clusterId = cid == null ? "" : new String(cid, StandardCharsets.UTF_8);
            for (String map : view.maps()) {
                if (map.startsWith(SEGMENT_PREFIX)) {
                    segments.add(Long.parseLong(map.substring(SEGMENT_PREFIX.length())));
                }
            }
            long[] last = {snapshot.index()};
            if (!segments.isEmpty()) {
                view.scanBackward(segment(segments.last()), null, (k, v) -> {
                    last[0] = ByteBuffer.wrap(k).getLong();
                    return false;
                });
            }
            this.lastIndex = Math.max(last[0], snapshot.index());
            verify(view);
        }
    }

    static String segment(long number) {
        return SEGMENT_PREFIX + number;
    }

    static String segmentOf(long index) {
        return segment(index >>> SEGMENT_SHIFT);
    }

    /** Entries written by a version that kept them all in one map move into segments, a chunk per write. */
    private void moveLegacyEntries() {
        while (true) {
            WriteBatch batch = new WriteBatch();
            long[] range = {-1, -1};
            try (ReadView view = db.read()) {
                int[] n = {0};
                view.scan(LEGACY_LOG, ALL, null, (k, v) -> {
                    long index = ByteBuffer.wrap(k).getLong();
                    range[0] = range[0] < 0 ? index : range[0];
                    range[1] = index;
                    batch.put(segmentOf(index), k, v);
                    return ++n[0] < MIGRATE_CHUNK;
                });
            }
            if (range[0] < 0) {
                return;
            }
            db.write(batch.deleteRange(LEGACY_LOG, key(range[0]), key(range[1] + 1)));
        }
    }

    /**
     * Reads back every live entry once at start: a server must not vote or serve on a log it cannot trust,
     * so a damaged or missing entry stops it here with the index, not later in the middle of replication.
     */
    private void verify(ReadView view) {
        long[] expected = {firstIndex()};
        for (long number : segments.tailSet(firstIndex() >>> SEGMENT_SHIFT, true)) {
            view.scan(segment(number), key(Math.max(firstIndex(), number << SEGMENT_SHIFT)), null, (k, v) -> {
                long index = ByteBuffer.wrap(k).getLong();
                if (index != expected[0]) {
                    throw new StorageException("raft: the log on disk is damaged: entry " + expected[0]
                            + " is missing (next is " + index + "); refusing to start");
                }
                try {
                    Entry entry = decodeEntry(index, v);
                    if (entry.type() == EntryType.CONFIGURATION) {
                        configurations.put(index, entry.configuration());
                    }
                } catch (StorageException | java.nio.BufferUnderflowException e) {
                    throw new StorageException("raft: the log on disk is damaged at index " + index + " ("
                            + e.getMessage() + "); refusing to start: restore the data directory from a backup, or"
                            + " remove its raft directory so this server rejoins empty and catches up from the leader");
                }
                expected[0]++;
                return true;
            });
        }
        if (expected[0] <= lastIndex) {
            throw new StorageException("raft: the log on disk is damaged: entry " + expected[0]
                    + " is missing (the log ends at " + lastIndex + "); refusing to start");
        }
    }

    static byte[] key(long index) {
        return ByteBuffer.allocate(Long.BYTES).putLong(index).array();
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public SnapshotMetadata snapshotMetadata() {
        return snapshot;
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    /**
     * Binds this log to the server id that first wrote it. A log is one server's promises (its votes, its
     * acknowledged entries): served under another id it could make a second server out of one and break a
     * quorum, so a different id is refused.
     *
     * @throws IllegalStateException naming both ids when the log belongs to another server
     */
    void claim(String serverId) {
        byte[] owner;
        try (ReadView view = db.read()) {
            owner = view.get(META, OWNER);
        }
        if (owner == null) {
            db.write(new WriteBatch().put(META, OWNER, serverId.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        String previous = new String(owner, StandardCharsets.UTF_8);
        if (!previous.equals(serverId)) {
            throw new IllegalStateException("raft: this data directory holds the Raft log of server id " + previous
                    + " but the agent's node id is now " + serverId + "; refusing to start (put the old node-id"
                    + " file back, or remove the raft directory to join as a new server)");
        }
    }

    String clusterId() {
        return clusterId;
    }

    void saveClusterId(String id) {
        db.write(new WriteBatch().put(META, CLUSTER_ID, id.getBytes(StandardCharsets.UTF_8)));
        this.clusterId = id;
    }

    @Override
    public long term(long index) {
        if (index == 0) {
            return 0;
        }
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < firstIndex() || index > lastIndex) {
            return UNAVAILABLE;
        }
        return entry(index).term();
    }

    @Override
    public List<Entry> entries(long fromIndex, long toIndex) {
        if (fromIndex < firstIndex() || toIndex > lastIndex || fromIndex > toIndex + 1) {
            throw new IllegalArgumentException("entries " + fromIndex + ".." + toIndex + " outside log "
                    + firstIndex() + ".." + lastIndex);
        }
        List<Entry> out = new ArrayList<>((int) Math.min(1024, toIndex - fromIndex + 1));
        if (!tail.isEmpty() && tail.firstKey() <= fromIndex) {
            out.addAll(tail.subMap(fromIndex, true, toIndex, true).values());
            return out;
        }
        try (ReadView view = db.read()) {
            for (long number = fromIndex >>> SEGMENT_SHIFT; number <= toIndex >>> SEGMENT_SHIFT; number++) {
                long from = Math.max(fromIndex, number << SEGMENT_SHIFT);
                long to = Math.min(toIndex, ((number + 1) << SEGMENT_SHIFT) - 1);
                view.scan(segment(number), key(from), key(to + 1), (k, v) -> {
                    out.add(decodeEntry(ByteBuffer.wrap(k).getLong(), v));
                    return true;
                });
            }
        }
        if (out.size() != toIndex - fromIndex + 1) {
            throw new StorageException("raft: log has a gap between " + fromIndex + " and " + toIndex);
        }
        return out;
    }

    private Entry entry(long index) {
        Entry cached = tail.get(index);
        if (cached != null) {
            return cached;
        }
        try (ReadView view = db.read()) {
            byte[] v = view.get(segmentOf(index), key(index));
            if (v == null) {
                throw new StorageException("raft: log entry missing index=" + index);
            }
            return decodeEntry(index, v);
        }
    }

    @Override
    public void persist(Ready ready) {
        if (ready.snapshotToInstall() != null) {
            restore(ready.snapshotToInstall().metadata());
        }
        WriteBatch batch = new WriteBatch();
        List<Long> dropped = ready.entries().isEmpty() ? List.of() : stage(batch, ready.entries());
        if (ready.hardState() != null) {
            batch.put(META, HARD_STATE, encodeHardState(ready.hardState()));
        }
        if (batch.isEmpty()) {
            return;
        }
        db.write(batch);
        if (!ready.entries().isEmpty()) {
            appended(ready.entries(), dropped);
        }
        if (ready.hardState() != null) {
            hardState = ready.hardState();
        }
    }

    @Override
    public void saveHardState(HardState state) {
        db.write(new WriteBatch().put(META, HARD_STATE, encodeHardState(state)));
        hardState = state;
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        WriteBatch batch = new WriteBatch();
        List<Long> dropped = stage(batch, entries);
        db.write(batch);
        appended(entries, dropped);
    }

    /**
     * Adds the entries to the batch, after removing a conflicting suffix they replace: its part of the first
     * segment key by key, the segments above it whole. Returns the segments dropped.
     */
    private List<Long> stage(WriteBatch batch, List<Entry> entries) {
        long first = entries.get(0).index();
        if (first > lastIndex + 1) {
            throw new IllegalArgumentException("raft: append leaves a gap after " + lastIndex + ": " + first);
        }
        List<Long> dropped = new ArrayList<>();
        if (first <= lastIndex) {
            long number = first >>> SEGMENT_SHIFT;
            batch.deleteRange(segment(number), key(first), null);
            for (long higher : segments.tailSet(number, false)) {
                batch.deleteRange(segment(higher), ALL, null);
                dropped.add(higher);
            }
        }
        for (Entry e : entries) {
            batch.put(segmentOf(e.index()), key(e.index()), encodeEntry(e));
        }
        // one compacted segment leaves with each append: dropping a map still reads all of it (~10 ms for a
        // segment), so after a snapshot the work is spread over the next appends instead of stalling one turn
        Long compacted = segments.isEmpty() ? null : segments.first();
        if (compacted != null && ((compacted + 1) << SEGMENT_SHIFT) <= firstIndex() && !dropped.contains(compacted)) {
            batch.deleteRange(segment(compacted), ALL, null);
            dropped.add(compacted);
        }
        return dropped;
    }

    private void appended(List<Entry> entries, List<Long> dropped) {
        dropped.forEach(segments::remove);
        for (Entry e : entries) {
            segments.add(e.index() >>> SEGMENT_SHIFT);
        }
        cacheAppend(entries);
    }

    /** The segments that hold entries (tests). */
    NavigableSet<Long> segments() {
        return java.util.Collections.unmodifiableNavigableSet(segments);
    }

    private void cacheAppend(List<Entry> entries) {
        long first = entries.get(0).index();
        tail.tailMap(first, true).clear();
        configurations.tailMap(first, true).clear();
        for (Entry e : entries) {
            tail.put(e.index(), e);
            if (e.type() == EntryType.CONFIGURATION) {
                configurations.put(e.index(), e.configuration());
            }
        }
        lastIndex = entries.get(entries.size() - 1).index();
        while (tail.size() > CACHE_LIMIT) {
            tail.pollFirstEntry();
        }
    }

    @Override
    public void compact(SnapshotMetadata metadata) {
        if (metadata.index() > lastIndex) {
            throw new IllegalArgumentException("raft: compact beyond last index " + metadata.index());
        }
        // only the snapshot moves now; the segments wholly below it leave one per later append (see stage)
        db.write(new WriteBatch().put(META, SNAPSHOT, encodeSnapshot(metadata)));
        snapshot = metadata;
        tail.headMap(metadata.index(), true).clear();
        configurations.headMap(metadata.index(), true).clear();
    }

    @Override
    public Configuration configurationAt(long index) {
        if (index < snapshot.index() || index > lastIndex) {
            throw new IllegalArgumentException("raft: no configuration known at index " + index + " (log "
                    + firstIndex() + ".." + lastIndex + ")");
        }
        Map.Entry<Long, Configuration> latest = configurations.floorEntry(index);
        return latest == null ? snapshot.configuration() : latest.getValue();
    }

    @Override
    public void restore(SnapshotMetadata metadata) {
        WriteBatch batch = new WriteBatch();
        for (long number : segments) {
            batch.deleteRange(segment(number), ALL, null);
        }
        db.write(batch.put(META, SNAPSHOT, encodeSnapshot(metadata)));
        segments.clear();
        snapshot = metadata;
        tail.clear();
        configurations.clear();
        lastIndex = metadata.index();
    }

    // ---- codecs ---------------------------------------------------------------------------------

    /** {@code version | term | type | CRC32C | data}; the checksum covers term, type and data. */
    static byte[] encodeEntry(Entry e) {
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 1 + 4 + e.data().length);
        buf.put((byte) ENTRY_VERSION).putLong(e.term()).put(typeCode(e.type())).putInt(0).put(e.data());
        byte[] out = buf.array();
        buf.putInt(1 + 8 + 1, checksum(out, ENTRY_VERSION));
        return out;
    }

    static Entry decodeEntry(long index, byte[] v) {
        if (v.length < 1 + 8 + 1 + 4) {
            throw new StorageException("raft: log entry too short index=" + index + " bytes=" + v.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(v);
        int version = buf.get();
        if (version != 1 && version != ENTRY_VERSION) {
            throw new StorageException("raft: unknown log entry version " + version + " index=" + index);
        }
        long term = buf.getLong();
        byte typeCode = buf.get();
        int crc = buf.getInt();
        if (checksum(v, version) != crc) {
            throw new StorageException("raft: log entry checksum mismatch index=" + index);
        }
        EntryType type = type(typeCode, index);
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return new Entry(index, term, type, data);
    }

    private static int checksum(byte[] encoded, int version) {
        CRC32C crc = new CRC32C();
        if (version >= 2) {
            crc.update(encoded, 1, 8 + 1);
        }
        crc.update(encoded, 1 + 8 + 1 + 4, encoded.length - (1 + 8 + 1 + 4));
        return (int) crc.getValue();
    }

    private static byte typeCode(EntryType type) {
        switch (type) {
            case COMMAND: return 1;
            case CONFIGURATION: return 2;
            case NOOP: return 3;
            default: throw new AssertionError("unknown entry type " + type);
        }
    }

    private static EntryType type(byte code, long index) {
        switch (code) {
            case 1: return EntryType.COMMAND;
            case 2: return EntryType.CONFIGURATION;
            case 3: return EntryType.NOOP;
            default: throw new StorageException("raft: unknown entry type " + code + " index=" + index);
        }
    }

    private static byte[] encodeHardState(HardState hs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(hs.term());
            out.writeUTF(hs.votedFor() == null ? "" : hs.votedFor());
            out.writeLong(hs.commitIndex());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static HardState decodeHardState(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            in.readByte();
            long term = in.readLong();
            String vote = in.readUTF();
            long commit = in.readLong();
            return new HardState(term, vote.isEmpty() ? null : vote, commit);
        } catch (IOException e) {
            throw new StorageException("raft: corrupt hard state", e);
        }
    }

    private static byte[] encodeSnapshot(SnapshotMetadata m) {
        byte[] config = ConfigurationCodec.encode(m.configuration());
        return ByteBuffer.allocate(8 + 8 + config.length).putLong(m.index()).putLong(m.term()).put(config).array();
    }

    private static SnapshotMetadata decodeSnapshot(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        long index = buf.getLong();
        long term = buf.getLong();
        byte[] config = new byte[buf.remaining()];
        buf.get(config);
        Configuration c = ConfigurationCodec.decode(config);
        return new SnapshotMetadata(index, term, c);
    }
}
