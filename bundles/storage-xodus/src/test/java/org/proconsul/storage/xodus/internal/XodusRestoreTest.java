package org.proconsul.storage.xodus.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;

/** A restore is written in many transactions yet switches from the old state to the new one at once. */
class XodusRestoreTest {

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] bigValue(int i) {
        byte[] v = new byte[1024];
        Arrays.fill(v, (byte) i);
        return v;
    }

    /** A snapshot of a database holding {@code count} big values under kv/k0000.. and what {@code extra} writes. */
    private static ByteArrayOutputStream snapshotOf(XodusStorageEngine engine, int count, WriteBatch extra) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (var source = engine.open("source", Durability.SYNC)) {
            for (int i = 0; i < count; i++) {
                extra.put("kv", b(String.format("k%04d", i)), bigValue(i));
            }
            source.write(extra);
            source.snapshot(stream);
        }
        return stream;
    }

    @Test
    void aRestoreLargerThanOneTransactionSwitchesAtOnceAndKeepsNoLeftovers() {
        XodusStorageEngine engine = new XodusStorageEngine(dir.toFile(), 8L << 20);
        ByteArrayOutputStream stream = snapshotOf(engine, 300, new WriteBatch().put("meta", b("applied"), b("300")));
        try (var target = (XodusDatabase) engine.open("target", Durability.SYNC)) {
            target.write(new WriteBatch().put("kv", b("old"), b("1")).put("other", b("x"), b("y")));
            target.restoreTxnBytes(20 * 1024); // 300 KiB in about 15 transactions
            try (ReadView before = target.read()) {
                target.restore(new ByteArrayInputStream(stream.toByteArray()));
                assertArrayEquals(b("1"), before.get("kv", b("old")), "a view opened before keeps the old state");
                assertNull(before.get("kv", b("k0001")));
            }
            try (ReadView after = target.read()) {
                assertNull(after.get("kv", b("old")));
                assertNull(after.get("other", b("x")), "maps the snapshot does not hold are gone");
                assertArrayEquals(bigValue(299), after.get("kv", b("k0299")));
                assertArrayEquals(b("300"), after.get("meta", b("applied")));
                assertEquals(java.util.List.of("kv", "meta"), after.maps());
            }
            target.write(new WriteBatch().put("kv", b("new"), b("2")));
            try (ReadView view = target.read()) {
                assertArrayEquals(b("2"), view.get("kv", b("new")), "writes go to the restored generation");
            }
            assertEquals(java.util.List.of(XodusDatabase.GENERATION_STORE, "g1/kv", "g1/meta"),
                    target.storeNames().stream().sorted().toList());
        }
    }

    @Test
    void aRestoreThatFailsHalfwayLeavesTheOldStateAndItsLeftoversGoAtTheNextOpen() {
        XodusStorageEngine engine = new XodusStorageEngine(dir.toFile(), 8L << 20);
        ByteArrayOutputStream stream = snapshotOf(engine, 100, new WriteBatch());
        byte[] truncated = Arrays.copyOf(stream.toByteArray(), stream.size() * 2 / 3);
        try (var target = (XodusDatabase) engine.open("target", Durability.SYNC)) {
            target.write(new WriteBatch().put("kv", b("old"), b("1")));
            target.restoreTxnBytes(10 * 1024);
            assertThrows(StorageException.class, () -> target.restore(new ByteArrayInputStream(truncated)));
            try (ReadView view = target.read()) {
                assertArrayEquals(b("1"), view.get("kv", b("old")));
                assertNull(view.get("kv", b("k0001")), "nothing of the failed restore is visible");
                assertEquals(java.util.List.of("kv"), view.maps());
            }
            assertTrue(target.storeNames().contains("g1/kv"), "pieces written before the failure are still on disk");
            target.write(new WriteBatch().put("kv", b("after"), b("2")));
            try (ReadView view = target.read()) {
                assertArrayEquals(b("2"), view.get("kv", b("after")), "the failed restore holds no writer lock");
            }
        }
        try (var reopened = (XodusDatabase) engine.open("target", Durability.SYNC)) {
            assertFalse(reopened.storeNames().contains("g1/kv"), "opening removes them");
            try (ReadView view = reopened.read()) {
                assertArrayEquals(b("1"), view.get("kv", b("old")));
            }
        }
    }
}
