package org.proconsul.storage.xodus.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.WriteBatch;

/** Data written through one engine instance is there when a new instance opens the same directory. */
class XodusDurabilityTest {

    @Test
    void reopenSeesCommittedWrites(@TempDir Path dir) {
        XodusStorageEngine first = new XodusStorageEngine(dir.toFile(), 8L << 20);
        try (Database db = first.open("raft", Durability.SYNC)) {
            db.write(new WriteBatch().put("log", "1".getBytes(UTF_8), "entry".getBytes(UTF_8)));
        }
        XodusStorageEngine second = new XodusStorageEngine(dir.toFile(), 8L << 20);
        try (Database db = second.open("raft", Durability.SYNC); ReadView view = db.read()) {
            assertArrayEquals("entry".getBytes(UTF_8), view.get("log", "1".getBytes(UTF_8)));
        }
    }
}
