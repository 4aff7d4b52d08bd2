package org.proconsul.storage.xodus.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.StorageEngine;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** The behaviour every StorageEngine must share, run against Xodus and the memory engine. */
class StorageEngineContractTest {

    @TempDir
    static Path tmp;

    static Stream<Arguments> engines() {
        Supplier<StorageEngine> xodus = () -> {
            try {
                return new XodusStorageEngine(Files.createTempDirectory(tmp, "xodus").toFile(), 8L << 20);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Supplier<StorageEngine> memory = MemoryStorageEngine::new;
        return Stream.of(Arguments.of("xodus", xodus), Arguments.of("memory", memory));
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> keys(Database db, String map, byte[] from, byte[] to) {
        List<String> out = new ArrayList<>();
        try (ReadView view = db.read()) {
            view.scan(map, from, to, (k, v) -> out.add(new String(k, UTF_8)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void batchesAreAtomicAndScansAreOrdered(String name, Supplier<StorageEngine> engine) {
        try (Database db = engine.get().open("t", Durability.SYNC)) {
            db.write(new WriteBatch().put("kv", b("b"), b("2")).put("kv", b("a"), b("1")).put("kv", b("c/x"), b("3"))
                    .put("other", b("a"), b("9")));
            assertEquals(List.of("a", "b", "c/x"), keys(db, "kv", new byte[0], null));
            assertEquals(List.of("b"), keys(db, "kv", b("b"), b("c")));
            db.write(new WriteBatch().delete("kv", b("a")).deleteRange("kv", b("c"), b("d")));
            assertEquals(List.of("b"), keys(db, "kv", new byte[0], null));
            try (ReadView view = db.read()) {
                assertArrayEquals(b("9"), view.get("other", b("a")));
                assertNull(view.get("kv", b("a")));
                assertNull(view.get("missing-map", b("a")));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void emptyingAWholeMapLeavesNoTraceAndTheMapCanBeFilledAgainInTheSameBatch(String name,
            Supplier<StorageEngine> engine) {
        try (Database db = engine.get().open("t", Durability.SYNC)) {
            db.write(new WriteBatch().put("seg", b("a"), b("1")).put("seg", b("b"), b("2")).put("keep", b("k"), b("v")));
            db.write(new WriteBatch().deleteRange("seg", new byte[0], null));
            assertEquals(List.of(), keys(db, "seg", new byte[0], null));
            try (ReadView view = db.read()) {
                assertEquals(List.of("keep"), new ArrayList<>(view.maps()));
            }
            db.write(new WriteBatch().put("seg", b("c"), b("3")).deleteRange("seg", new byte[0], null)
                    .put("seg", b("d"), b("4")).deleteRange("never-written", new byte[0], null));
            assertEquals(List.of("d"), keys(db, "seg", new byte[0], null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void backwardScanStartsBelowTheBound(String name, Supplier<StorageEngine> engine) {
        try (Database db = engine.get().open("t", Durability.BUFFERED)) {
            db.write(new WriteBatch().put("m", b("1"), b("")).put("m", b("2"), b("")).put("m", b("3"), b("")));
            List<String> seen = new ArrayList<>();
            try (ReadView view = db.read()) {
                view.scanBackward("m", null, (k, v) -> seen.add(new String(k, UTF_8)));
                view.scanBackward("m", b("3"), (k, v) -> seen.add(new String(k, UTF_8)) && false);
            }
            assertEquals(List.of("3", "2", "1", "2"), seen);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void snapshotRestoresIntoEitherEngine(String name, Supplier<StorageEngine> engine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Database db = engine.get().open("src", Durability.BUFFERED)) {
            db.write(new WriteBatch().put("kv", b("k1"), b("v1")).put("meta", b("index"), b("7")));
            db.snapshot(out);
        }
        engines().forEach(args -> {
            @SuppressWarnings("unchecked")
            Supplier<StorageEngine> target = (Supplier<StorageEngine>) args.get()[1];
            try (Database db = target.get().open("dst", Durability.BUFFERED)) {
                db.write(new WriteBatch().put("kv", b("stale"), b("x")));
                db.restore(new ByteArrayInputStream(out.toByteArray()));
                assertEquals(List.of("k1"), keys(db, "kv", new byte[0], null));
                try (ReadView view = db.read()) {
                    assertArrayEquals(b("7"), view.get("meta", b("index")));
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aDetachedReadKeepsItsPointInTimeOnAnotherThreadWhileWritesGoOn(String name, Supplier<StorageEngine> engine)
            throws Exception {
        try (Database db = engine.get().open("t", Durability.SYNC)) {
            db.write(new WriteBatch().put("kv", b("a"), b("1")).put("meta", b("m"), b("x")).put("empty", b("e"), b("y")));
            db.write(new WriteBatch().delete("empty", b("e")));
            ReadView detached = db.detachedRead();
            db.write(new WriteBatch().put("kv", b("b"), b("2")).delete("kv", b("a")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread other = new Thread(() -> {
                org.proconsul.api.storage.SnapshotStream.write(detached, out);
                detached.close();
            });
            other.start();
            other.join(10_000);
            assertEquals(List.of("kv", "meta"), List.copyOf(new java.util.TreeSet<>(mapsOf(out.toByteArray()))));
            try (Database copy = new MemoryStorageEngine().open("copy", Durability.SYNC)) {
                copy.restore(new ByteArrayInputStream(out.toByteArray()));
                assertEquals(List.of("a"), keys(copy, "kv", new byte[0], null), "as it was when the view was opened");
            }
            assertEquals(List.of("b"), keys(db, "kv", new byte[0], null));
            try (ReadView view = db.read()) {
                assertEquals(List.of("kv", "meta"), view.maps());
            }
        }
    }

    private static List<String> mapsOf(byte[] snapshot) {
        List<String> maps = new ArrayList<>();
        org.proconsul.api.storage.SnapshotStream.read(new ByteArrayInputStream(snapshot), (map, k, v) -> maps.add(map));
        return maps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void garbageSnapshotIsRefused(String name, Supplier<StorageEngine> engine) {
        try (Database db = engine.get().open("t", Durability.BUFFERED)) {
            assertThrows(StorageException.class, () -> db.restore(new ByteArrayInputStream(b("not a snapshot"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void openingTheSameDatabaseTwiceIsAnError(String name, Supplier<StorageEngine> engine) {
        StorageEngine e = engine.get();
        try (Database db = e.open("t", Durability.BUFFERED)) {
            assertThrows(IllegalStateException.class, () -> e.open("t", Durability.BUFFERED));
        }
    }
}
