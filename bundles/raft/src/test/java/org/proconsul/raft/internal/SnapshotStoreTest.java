package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Server;
import org.proconsul.raft.core.SnapshotMetadata;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    private static final Configuration CONFIG = Configuration.of(Server.voter("a", "10.0.0.1:8300"),
            Server.voter("b", "10.0.0.2:8300"));

    private static byte[] state(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static SnapshotStore.Stored write(SnapshotStore store, long index, byte[] state) {
        return store.write(new SnapshotMetadata(index, 2, CONFIG), "cluster-1", out -> {
            try {
                out.write(state);
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aSnapshotReadsBackWithItsPositionConfigurationClusterIdAndState() throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        byte[] state = state(3 << 20, 1);
        write(store, 100, state);
        SnapshotStore.Stored latest = store.latest().orElseThrow();
        assertEquals(new SnapshotMetadata(100, 2, CONFIG), latest.metadata());
        assertEquals("cluster-1", latest.clusterId());
        try (InputStream in = SnapshotStore.openState(latest)) {
            assertArrayEquals(state, in.readAllBytes());
        }
    }

    @Test
    void theNewestTwoAreKeptAndADamagedNewestIsSkipped() throws Exception {
        SnapshotStore store = new SnapshotStore(dir);
        write(store, 10, state(1000, 1));
        write(store, 20, state(1000, 2));
        SnapshotStore.Stored third = write(store, 30, state(1000, 3));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        byte[] bytes = Files.readAllBytes(third.file());
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(third.file(), bytes);
        assertEquals(20, store.latest().orElseThrow().metadata().index(), "a flipped bit fails the checksum");
    }

    @Test
    void leftoverTemporaryFilesAreRemovedAtStart() throws Exception {
        Files.writeString(dir.resolve("99-1.tmp"), "half written");
        Files.writeString(dir.resolve("incoming-x.tmp"), "half received");
        new SnapshotStore(dir);
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isEmpty());
        }
    }

    @Test
    void chunkedTransferReassemblesTheFileAndRefusesGaps() throws Exception {
        SnapshotStore leader = new SnapshotStore(dir.resolve("leader"));
        SnapshotStore follower = new SnapshotStore(dir.resolve("follower"));
        SnapshotStore.Stored s = write(leader, 500, state((5 << 20) + 17, 9));
        SnapshotTransfer.Receiver receiver = new SnapshotTransfer.Receiver(follower::incoming);
        SnapshotTransfer.Received[] got = new SnapshotTransfer.Received[1];
        SnapshotTransfer.send(s.file(), new byte[] {42}, chunk -> {
            try {
                SnapshotTransfer.Received r = receiver.accept(chunk);
                if (r != null) {
                    got[0] = r;
                }
                return java.util.concurrent.CompletableFuture.completedFuture(new byte[0]);
            } catch (IOException e) {
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
        }).get();
        assertArrayEquals(new byte[] {42}, got[0].installMessage());
        assertEquals(s.metadata(), SnapshotStore.read(got[0].file()).orElseThrow().metadata());
        assertEquals(500, follower.adopt(got[0].file()).metadata().index());

        byte[] gap = SnapshotTransfer.encode("t2", 1024, false, new byte[10], null);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> receiver.accept(gap));
    }
}
