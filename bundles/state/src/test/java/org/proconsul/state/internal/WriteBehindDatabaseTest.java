package org.proconsul.state.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** Writes acknowledged in memory read exactly as if they were in storage, whatever storage is doing. */
class WriteBehindDatabaseTest {
    private static final String MAP = "kv";

    /** A database whose writes can be held up (as Xodus's cleaner does) or made to fail. */
    private static final class GatedDatabase implements Database {
        private final Database inner = new MemoryStorageEngine().open("state", Durability.BUFFERED);
        private final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
        private volatile RuntimeException failWith;
        private volatile int writes;

        void hold() {
            permits.drainPermits();
        }

        void release() {
            permits.release(Integer.MAX_VALUE - permits.availablePermits());
        }

        @Override
        public ReadView read() {
            return inner.read();
        }

        @Override
        public ReadView detachedRead() {
            return inner.detachedRead();
        }

        @Override
        public void write(WriteBatch batch) {
            permits.acquireUninterruptibly();
            permits.release();
            if (failWith != null) {
                throw failWith;
            }
            inner.write(batch);
            writes++;
        }

        @Override
        public void snapshot(OutputStream out) {
            inner.snapshot(out);
        }

        @Override
        public void restore(InputStream in) {
            inner.restore(in);
        }

        /** Kept open so a test can look at what reached storage after the write-behind closed. */
        @Override
        public void close() {
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static TreeMap<String, String> contents(ReadView view, String map) {
        TreeMap<String, String> seen = new TreeMap<>();
        view.scan(map, new byte[0], null, (k, v) -> {
            seen.put(new String(k, UTF_8), new String(v, UTF_8));
            return true;
        });
        return seen;
    }

    private static List<String> backward(ReadView view, String map) {
        List<String> keys = new ArrayList<>();
        view.scanBackward(map, null, (k, v) -> keys.add(new String(k, UTF_8)));
        return keys;
    }

    @Test
    void readsSeeEveryWriteWhileStorageIsHeldUpAndAfterItCatchesUp() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            GatedDatabase disk = new GatedDatabase();
            WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 1 << 30);
            TreeMap<String, String> model = new TreeMap<>();
            int maxLayers = 0;
            for (int i = 1; i <= 400; i++) {
                if (random.nextInt(50) == 0) {
                    disk.hold();
                } else if (random.nextInt(30) == 0) {
                    disk.release();
                }
                WriteBatch batch = new WriteBatch();
                for (int op = random.nextInt(1, 6); op > 0; op--) {
                    String key = "k" + random.nextInt(60);
                    if (random.nextInt(4) == 0) {
                        batch.delete(MAP, b(key));
                        model.remove(key);
                    } else {
                        String value = "v" + i + "." + op;
                        batch.put(MAP, b(key), b(value));
                        model.put(key, value);
                    }
                }
                db.write(batch);
                maxLayers = Math.max(maxLayers, db.pendingLayers());
                try (ReadView view = db.read()) {
                    String where = "seed " + seed + " write " + i;
                    assertEquals(model, contents(view, MAP), where);
                    assertEquals(new ArrayList<>(model.descendingKeySet()), backward(view, MAP), where);
                    String probe = "k" + random.nextInt(60);
                    byte[] got = view.get(MAP, b(probe));
                    assertEquals(model.get(probe), got == null ? null : new String(got, UTF_8), where);
                    assertFalse(view.maps().contains(WriteBehindDatabase.MARKER_MAP), where);
                }
            }
            // held-up writes pile up as a few merged layers, not one per write
            assertTrue(maxLayers <= 20, "seed " + seed + " layers " + maxLayers);
            disk.release();
            db.awaitFlushed();
            try (ReadView stored = disk.read()) {
                assertEquals(model, contents(stored, MAP), "seed " + seed + " in storage");
            }
            db.close();
        }
    }

    @Test
    void aReaderNeverSeesHalfOfAWriteWhileTheFlusherRuns() throws Exception {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 1 << 30);
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (broken.get() == null && !Thread.currentThread().isInterrupted()) {
                try (ReadView view = db.read()) {
                    // every write sets both keys to its number: a consistent view shows them equal
                    byte[] a = view.get(MAP, b("a"));
                    byte[] z = view.get(MAP, b("z"));
                    if ((a == null) != (z == null) || a != null && !new String(a, UTF_8).equals(new String(z, UTF_8))) {
                        broken.set(str(a) + " vs " + str(z));
                    }
                }
            }
        });
        reader.start();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 1; i <= 20_000 && broken.get() == null; i++) {
            if (i % 500 == 0) {
                disk.hold();
            } else if (i % 500 == 50 + random.nextInt(100)) {
                disk.release();
            }
            db.write(new WriteBatch().put(MAP, b("a"), b("" + i)).put(MAP, b("z"), b("" + i)));
        }
        disk.release();
        reader.interrupt();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertNull(broken.get());
        db.close();
        try (ReadView stored = disk.read()) {
            assertArrayEquals(b("20000"), stored.get(MAP, b("a")), "close writes what is pending");
        }
        assertTrue(disk.writes < 20_000, "the flusher writes a backlog in one go, writes=" + disk.writes);
    }

    private static String str(byte[] v) {
        return v == null ? "null" : new String(v, UTF_8);
    }

    @Test
    void aRangeDeleteWaitsForTheBacklogAndGoesStraightThrough() {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 1 << 30);
        db.write(new WriteBatch().put(MAP, b("a1"), b("x")).put(MAP, b("b1"), b("y")));
        db.write(new WriteBatch().deleteRange(MAP, b("a"), b("b")).put(MAP, b("a2"), b("z")));
        assertEquals(0, db.pendingLayers());
        try (ReadView view = db.read()) {
            assertEquals(Map.of("a2", "z", "b1", "y"), contents(view, MAP));
        }
        db.close();
    }

    @Test
    void storageFailureFailsLaterWritesButReadsStillAnswer() {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 1 << 30);
        disk.failWith = new StorageException("disk full");
        db.write(new WriteBatch().put(MAP, b("k"), b("v")));
        StorageException e = assertThrows(StorageException.class, () -> {
            for (int i = 0; i < 1000; i++) { // the flusher fails on its own thread, soon
                db.write(new WriteBatch().put(MAP, b("k" + i), b("v")));
                Thread.sleep(5);
            }
        });
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        try (ReadView view = db.read()) {
            assertArrayEquals(b("v"), view.get(MAP, b("k")));
        }
        assertThrows(StorageException.class, db::awaitFlushed);
    }

    @Test
    void aFullBacklogHoldsTheWriterUntilStorageCatchesUp() throws Exception {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 4096);
        disk.hold();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                db.write(new WriteBatch().put(MAP, b("k" + i), new byte[100]));
            }
        });
        writer.start();
        writer.join(300);
        assertTrue(writer.isAlive(), "the writer waits while the backlog is over its bound");
        disk.release();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(writer.isAlive());
        db.awaitFlushed();
        try (ReadView stored = disk.read()) {
            assertEquals(200, contents(stored, MAP).size());
        }
        db.close();
    }

    @Test
    void snapshotsHideTheMarkerAndRestoreStartsOverFromTheStream() {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase db = new WriteBehindDatabase(disk, "test", 1 << 30);
        disk.hold();
        db.write(new WriteBatch().put(MAP, b("a"), b("1")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        db.snapshot(out); // taken while the write is only in memory
        disk.release();
        db.write(new WriteBatch().put(MAP, b("b"), b("2")));
        db.awaitFlushed();

        Database other = new MemoryStorageEngine().open("other", Durability.BUFFERED);
        other.restore(new ByteArrayInputStream(out.toByteArray()));
        try (ReadView view = other.read()) {
            assertEquals(Map.of("a", "1"), contents(view, MAP));
            assertEquals(List.of(MAP), view.maps());
        }

        db.restore(new ByteArrayInputStream(out.toByteArray()));
        db.write(new WriteBatch().put(MAP, b("c"), b("3")));
        try (ReadView view = db.read()) {
            assertEquals(Map.of("a", "1", "c", "3"), contents(view, MAP));
        }
        db.close();
    }

    @Test
    void reopeningContinuesTheSequenceOfWhatStorageHolds() {
        GatedDatabase disk = new GatedDatabase();
        WriteBehindDatabase first = new WriteBehindDatabase(disk, "test", 1 << 30);
        for (int i = 0; i < 10; i++) {
            first.write(new WriteBatch().put(MAP, b("k"), b("" + i)));
        }
        first.close();
        WriteBehindDatabase second = new WriteBehindDatabase(disk, "test", 1 << 30);
        disk.hold();
        second.write(new WriteBatch().put(MAP, b("k"), b("new")));
        try (ReadView view = second.read()) {
            // were the sequence to restart at 1, the flushed marker (10) would hide this pending write
            assertArrayEquals(b("new"), view.get(MAP, b("k")));
        }
        disk.release();
        second.close();
    }
}
