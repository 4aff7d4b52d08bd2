package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Entry;
import org.proconsul.raft.core.EntryType;
import org.proconsul.raft.core.InMemoryRaftLog;
import org.proconsul.raft.core.RaftLog;
import org.proconsul.raft.core.Server;
import org.proconsul.raft.core.SnapshotMetadata;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

class StorageRaftLogTest {

    private static Database newDb() {
        return new MemoryStorageEngine().open("raft", Durability.SYNC);
    }

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(i, term, EntryType.COMMAND, ("c" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static long storedCount(Database db) {
        long[] n = {0};
        try (var view = db.read()) {
            for (String map : view.maps()) {
                if (!map.equals(StorageRaftLog.META)) {
                    view.scan(map, new byte[0], null, (k, v) -> {
                        n[0]++;
                        return true;
                    });
                }
            }
        }
        return n[0];
    }

    /** Entries 'from..to' in 'term', with a configuration entry naming 'from' on every index divisible by 97. */
    private static List<Entry> mixed(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i % 97 == 0
                    ? Entry.configuration(i, term, Configuration.of(Server.voter("n" + i + "t" + term, "127.0.0.1:8300")))
                    : new Entry(i, term, EntryType.COMMAND, ("c" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static void assertSameConfigurations(RaftLog expected, StorageRaftLog actual) {
        assertEquals(expected.lastIndex(), actual.lastIndex());
        for (long i = actual.snapshotMetadata().index(); i <= actual.lastIndex(); i++) {
            assertEquals(expected.configurationAt(i), actual.configurationAt(i), "configuration at " + i);
        }
    }

    @Test
    void theConfigurationAtAnIndexFollowsAppendsTruncationsCompactionAndRestarts() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        InMemoryRaftLog reference = new InMemoryRaftLog();
        for (RaftLog l : List.<RaftLog>of(log, reference)) {
            l.append(mixed(1, 1000, 1));
            l.append(mixed(700, 1300, 2)); // a new leader replaces a conflicting suffix
        }
        assertSameConfigurations(reference, log);

        Configuration atCompaction = reference.configurationAt(900);
        log.compact(900, 2);
        reference.compact(900, 2);
        assertEquals(atCompaction, log.snapshotMetadata().configuration());
        assertSameConfigurations(reference, log);
        assertSameConfigurations(reference, new StorageRaftLog(db));

        SnapshotMetadata installed = new SnapshotMetadata(5000, 3, Configuration.of(Server.voter("x", "127.0.0.9:8300")));
        log.restore(installed);
        reference.restore(installed);
        assertSameConfigurations(reference, log);
        assertThrows(IllegalArgumentException.class, () -> log.configurationAt(4999));
    }

    @Test
    void compactionDropsTheWholeSegmentsBelowTheSnapshot() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        long segment = 1L << StorageRaftLog.SEGMENT_SHIFT;
        log.append(entries(1, 3 * segment + 10, 1));
        assertEquals(List.of(0L, 1L, 2L, 3L), List.copyOf(log.segments()));
        Configuration config = Configuration.of(Server.voter("n1", "127.0.0.1:8300"));
        log.compact(new SnapshotMetadata(2 * segment + 5, 1, config));
        assertEquals(3 * segment + 10, storedCount(db), "compaction itself is one small write");
        log.append(entries(3 * segment + 11, 3 * segment + 11, 1));
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(log.segments()), "one segment leaves with each append");
        log.append(entries(3 * segment + 12, 3 * segment + 12, 1));
        assertEquals(List.of(2L, 3L), List.copyOf(log.segments()), "segments 0 and 1 lie wholly below the snapshot");
        log.append(entries(3 * segment + 13, 3 * segment + 13, 1));
        assertEquals(segment + 14, storedCount(db), "all of segment 2 stays until it is wholly below the snapshot");

        StorageRaftLog reopened = new StorageRaftLog(db);
        assertEquals(2 * segment + 6, reopened.firstIndex());
        assertEquals(3 * segment + 13, reopened.lastIndex());
        long probe = 3 * segment + 1;
        assertEquals("c" + probe, new String(reopened.entries(probe, probe).get(0).data(), StandardCharsets.UTF_8));
        assertEquals(segment + 8, reopened.entries(reopened.firstIndex(), reopened.lastIndex()).size());
    }

    @Test
    void aConflictingSuffixAcrossSegmentsIsReplaced() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        long segment = 1L << StorageRaftLog.SEGMENT_SHIFT;
        log.append(entries(1, 3 * segment, 1));
        log.append(entries(segment + 7, segment + 9, 2)); // a new leader's shorter log
        assertEquals(segment + 9, log.lastIndex());
        assertEquals(List.of(0L, 1L), List.copyOf(log.segments()));
        assertEquals(segment + 9, storedCount(db));
        StorageRaftLog reopened = new StorageRaftLog(db);
        assertEquals(segment + 9, reopened.lastIndex());
        assertEquals(2, reopened.term(segment + 8));
        assertEquals(1, reopened.term(segment + 6));
        reopened.append(entries(segment + 10, 2 * segment + 3, 2)); // a segment dropped above is filled again
        assertEquals(2 * segment + 3, new StorageRaftLog(db).lastIndex());
    }

    @Test
    void entriesOfTheSingleMapLayoutMoveIntoSegmentsAtStart() {
        Database db = newDb();
        WriteBatch legacy = new WriteBatch();
        for (Entry e : entries(1, 10_000, 4)) {
            legacy.put(StorageRaftLog.LEGACY_LOG, StorageRaftLog.key(e.index()), StorageRaftLog.encodeEntry(e));
        }
        db.write(legacy);
        StorageRaftLog log = new StorageRaftLog(db);
        assertEquals(10_000, log.lastIndex());
        assertEquals("c9999", new String(log.entries(9999, 9999).get(0).data(), StandardCharsets.UTF_8));
        try (var view = db.read()) {
            assertTrue(!view.maps().contains(StorageRaftLog.LEGACY_LOG), "the old map is empty: " + view.maps());
        }
        assertEquals(10_000, storedCount(db));
    }

    @Test
    void aRestartAfterCompactionKeepsTheLeftoversOutOfTheLog() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        log.append(entries(1, 100, 1));
        log.compact(new SnapshotMetadata(60, 1, Configuration.of(Server.voter("n1", "127.0.0.1:8300"))));
        StorageRaftLog reopened = new StorageRaftLog(db);
        assertEquals(61, reopened.firstIndex());
        assertEquals(40, reopened.entries(61, 100).size());
        assertEquals(100, storedCount(db), "entries 1-60 wait on disk until their segment is wholly compacted");
    }

    @Test
    void aDamagedEntryStopsTheServerAtStartWithItsIndex() {
        Database db = newDb();
        new StorageRaftLog(db).append(entries(1, 20, 3));
        byte[] stored;
        try (var view = db.read()) {
            stored = view.get(StorageRaftLog.segmentOf(7), StorageRaftLog.key(7));
        }
        stored[stored.length - 1] ^= 0x40; // one flipped bit in the command
        db.write(new WriteBatch().put(StorageRaftLog.segmentOf(7), StorageRaftLog.key(7), stored));
        StorageException e = assertThrows(StorageException.class, () -> new StorageRaftLog(db));
        assertTrue(e.getMessage().contains("damaged at index 7"), e.getMessage());
        assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
    }

    @Test
    void aChangedTermIsCaughtByTheChecksumToo() {
        Database db = newDb();
        new StorageRaftLog(db).append(entries(1, 3, 3));
        byte[] stored;
        try (var view = db.read()) {
            stored = view.get(StorageRaftLog.segmentOf(2), StorageRaftLog.key(2));
        }
        ByteBuffer.wrap(stored).putLong(1, 9); // term 3 -> 9: a vote or commit decision would change
        db.write(new WriteBatch().put(StorageRaftLog.segmentOf(2), StorageRaftLog.key(2), stored));
        StorageException e = assertThrows(StorageException.class, () -> new StorageRaftLog(db));
        assertTrue(e.getMessage().contains("damaged at index 2"), e.getMessage());
    }

    @Test
    void aMissingEntryStopsTheServerAtStart() {
        Database db = newDb();
        new StorageRaftLog(db).append(entries(1, 10, 1));
        db.write(new WriteBatch().delete(StorageRaftLog.segmentOf(4), StorageRaftLog.key(4)));
        StorageException e = assertThrows(StorageException.class, () -> new StorageRaftLog(db));
        assertTrue(e.getMessage().contains("entry 4 is missing"), e.getMessage());
    }

    @Test
    void entriesWrittenInTheFirstFormatStillRead() {
        byte[] data = "old".getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(data);
        byte[] v1 = ByteBuffer.allocate(1 + 8 + 1 + 4 + data.length).put((byte) 1).putLong(5).put((byte) 1)
                .putInt((int) crc.getValue()).put(data).array();
        Entry e = StorageRaftLog.decodeEntry(9, v1);
        assertEquals(5, e.term());
        assertEquals("old", new String(e.data(), StandardCharsets.UTF_8));
    }
}
