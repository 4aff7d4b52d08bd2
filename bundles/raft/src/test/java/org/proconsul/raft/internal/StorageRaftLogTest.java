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
            view.scan(StorageRaftLog.LOG, new byte[0], null, (k, v) -> {
                n[0]++;
                return true;
            });
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
    void compactionMovesTheSnapshotAtOnceAndDeletesEntriesWithLaterWrites() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        log.append(entries(1, 5000, 1));
        Configuration config = Configuration.of(Server.voter("n1", "127.0.0.1:8300"));
        log.compact(new SnapshotMetadata(4000, 1, config));
        assertEquals(4001, log.firstIndex());
        assertEquals(5000, storedCount(db), "nothing deleted yet: compaction itself is one small write");
        log.append(entries(5001, 5001, 1));
        assertEquals(5001 - 2048, storedCount(db), "one chunk rides on the next append");
        log.append(entries(5002, 5002, 1));
        assertEquals(1002, storedCount(db), "the rest with the one after");
        assertEquals(4001, log.storedFrom());

        StorageRaftLog reopened = new StorageRaftLog(db);
        assertEquals(4001, reopened.firstIndex());
        assertEquals(5002, reopened.lastIndex());
        assertEquals("c4500", new String(reopened.entries(4500, 4500).get(0).data(), StandardCharsets.UTF_8));
    }

    @Test
    void aRestartBetweenCompactionAndPurgeKeepsTheLeftoversOutOfTheLog() {
        Database db = newDb();
        StorageRaftLog log = new StorageRaftLog(db);
        log.append(entries(1, 100, 1));
        log.compact(new SnapshotMetadata(60, 1, Configuration.of(Server.voter("n1", "127.0.0.1:8300"))));
        StorageRaftLog reopened = new StorageRaftLog(db);
        assertEquals(61, reopened.firstIndex());
        assertEquals(1, reopened.storedFrom());
        reopened.append(entries(101, 101, 1));
        assertEquals(41, storedCount(db));
    }

    @Test
    void aDamagedEntryStopsTheServerAtStartWithItsIndex() {
        Database db = newDb();
        new StorageRaftLog(db).append(entries(1, 20, 3));
        byte[] stored;
        try (var view = db.read()) {
            stored = view.get(StorageRaftLog.LOG, StorageRaftLog.key(7));
        }
        stored[stored.length - 1] ^= 0x40; // one flipped bit in the command
        db.write(new WriteBatch().put(StorageRaftLog.LOG, StorageRaftLog.key(7), stored));
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
            stored = view.get(StorageRaftLog.LOG, StorageRaftLog.key(2));
        }
        ByteBuffer.wrap(stored).putLong(1, 9); // term 3 -> 9: a vote or commit decision would change
        db.write(new WriteBatch().put(StorageRaftLog.LOG, StorageRaftLog.key(2), stored));
        StorageException e = assertThrows(StorageException.class, () -> new StorageRaftLog(db));
        assertTrue(e.getMessage().contains("damaged at index 2"), e.getMessage());
    }

    @Test
    void aMissingEntryStopsTheServerAtStart() {
        Database db = newDb();
        new StorageRaftLog(db).append(entries(1, 10, 1));
        db.write(new WriteBatch().delete(StorageRaftLog.LOG, StorageRaftLog.key(4)));
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
