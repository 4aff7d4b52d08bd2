package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.RaftError;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

class RaftNodeTest {

    /** Records what it applied; its applied index survives a "restart" like a real store's would. */
    static class RecordingMachine implements ReplicatedStateMachine {
        final List<String> applied = new ArrayList<>();
        final List<Integer> applyRuns = new ArrayList<>();
        long last;

        @Override
        public synchronized Object apply(long index, byte[] command) {
            if (command[0] == 9) {
                throw new AssertionError("unknown command version 9");
            }
            applied.add(new String(command, 1, command.length - 1, StandardCharsets.UTF_8));
            last = index;
            return "ok:" + index;
        }

        /** All or nothing, as the contract asks: a bad command anywhere applies none of them. */
        @Override
        public synchronized List<Object> applyAll(long firstIndex, List<byte[]> commands) {
            for (byte[] command : commands) {
                if (command != null && command[0] == 9) {
                    throw new AssertionError("unknown command version 9");
                }
            }
            applyRuns.add(commands.size());
            List<Object> responses = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                if (commands.get(i) == null) {
                    skip(firstIndex + i);
                    responses.add(null);
                } else {
                    responses.add(apply(firstIndex + i, commands.get(i)));
                }
            }
            return responses;
        }

        @Override
        public synchronized void skip(long index) {
            last = index;
        }

        @Override
        public synchronized long lastAppliedIndex() {
            return last;
        }

        @Override
        public synchronized StateSnapshot snapshot() {
            long index = last;
            return captured(index, out -> { });
        }

        /** A captured state that writes what {@code body} writes. */
        static StateSnapshot captured(long index, java.util.function.Consumer<OutputStream> body) {
            return new StateSnapshot() {
                @Override
                public long index() {
                    return index;
                }

                @Override
                public void writeTo(OutputStream out) {
                    body.accept(out);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void restore(InputStream in) {
        }
    }

    private static byte[] command(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        out[0] = 1;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    private static RaftNode node(Database db, ReplicatedStateMachine fsm, boolean bootstrap) {
        RaftSettings settings = RaftSettings.consul("n1", "127.0.0.1:8300", bootstrap, 1, Duration.ofMillis(300));
        return new RaftNode(settings, new StorageRaftLog(db), fsm, RandomGenerator.of("L64X128MixRandom"),
                ForkJoinPool.commonPool(), RaftTransport.NONE);
    }

    @Test
    void soleBootstrappedVoterLeadsAndAppliesInOrder() throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RecordingMachine fsm = new RecordingMachine();
        RaftNode node = node(db, fsm, true);
        node.start();
        try {
            List<java.util.concurrent.CompletableFuture<ApplyResult>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(node.apply(command("c" + i)));
            }
            for (var f : futures) {
                assertInstanceOf(ApplyResult.Applied.class, f.get(5, TimeUnit.SECONDS));
            }
            assertEquals(50, fsm.applied.size());
            assertEquals("c0", fsm.applied.get(0));
            assertEquals("c49", fsm.applied.get(49));
            assertEquals("Leader", node.view().state());
            assertEquals("127.0.0.1:8300", node.view().leaderAddress());
            ReadPermit consistent = node.readBarrier(ReadConsistency.CONSISTENT).get(5, TimeUnit.SECONDS);
            assertInstanceOf(ReadPermit.Granted.class, consistent);
        } finally {
            node.stop();
        }
    }

    @Test
    void restartKeepsTheLogAndDoesNotReapplyWhatTheMachineHas() throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RecordingMachine fsm = new RecordingMachine();
        RaftNode first = node(db, fsm, true);
        first.start();
        first.apply(command("a")).get(5, TimeUnit.SECONDS);
        first.apply(command("b")).get(5, TimeUnit.SECONDS);
        first.stop();
        String clusterId = new StorageRaftLog(db).clusterId();
        assertTrue(!clusterId.isEmpty(), "the first leader writes a cluster id");

        RaftNode second = node(db, fsm, true);
        second.start();
        try {
            ApplyResult r = second.apply(command("c")).get(5, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Applied.class, r);
            assertEquals(List.of("a", "b", "c"), fsm.applied);
            assertEquals(clusterId, new StorageRaftLog(db).clusterId());
        } finally {
            second.stop();
        }
    }

    @Test
    void withoutBootstrapThereIsNoLeaderAndRequestsGiveUpAfterTheHoldTimeout() throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RaftNode node = node(db, new RecordingMachine(), false);
        node.start();
        try {
            ApplyResult r = node.apply(command("x")).get(5, TimeUnit.SECONDS);
            assertEquals(new ApplyResult.Refused(new RaftError.NoLeader()), r);
            ReadPermit p = node.readBarrier(ReadConsistency.DEFAULT).get(5, TimeUnit.SECONDS);
            assertEquals(new ReadPermit.Refused(new RaftError.NoLeader()), p);
            assertEquals("", node.view().leaderAddress());
        } finally {
            node.stop();
        }
    }

    @Test
    void aCommittedCommandTheMachineCannotApplyIsSkippedAndTheServerKeepsServing() throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RecordingMachine fsm = new RecordingMachine();
        RaftNode node = node(db, fsm, true);
        node.start();
        try {
            // proposed together, so they are likely committed and applied as one run that must be split up
            var before = node.apply(command("before"));
            var bad = node.apply(new byte[] {9, 1, 2});
            var after = node.apply(command("after"));
            assertEquals("ok:" + ((ApplyResult.Applied) before.get(5, TimeUnit.SECONDS)).index(),
                    ((ApplyResult.Applied) before.get()).response());
            assertInstanceOf(ApplyResult.Applied.class, bad.get(5, TimeUnit.SECONDS),
                    "committed, then skipped by every server alike");
            ApplyResult good = after.get(5, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Applied.class, good);
            assertEquals("ok:" + ((ApplyResult.Applied) good).index(), ((ApplyResult.Applied) good).response());
            assertEquals(List.of("before", "after"), fsm.applied.subList(fsm.applied.size() - 2, fsm.applied.size()));
            assertTrue(fsm.lastAppliedIndex() >= ((ApplyResult.Applied) good).index());
        } finally {
            node.stop();
        }
    }

    /** Its snapshot's writeTo blocks until released, like a large state written to a slow disk. */
    static final class SlowSnapshotMachine extends RecordingMachine {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);

        final List<Long> captured = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public synchronized StateSnapshot snapshot() {
            long index = last;
            captured.add(index);
            return captured(index, out -> {
                writing.countDown();
                try {
                    release.await();
                    out.write(("state@" + index).getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException | java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aSnapshotIsWrittenOffTheRaftThreadAndThenTheLogIsCompacted(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        SlowSnapshotMachine fsm = new SlowSnapshotMachine();
        RaftSettings settings = RaftSettings.consul("n1", "127.0.0.1:8300", true, 1, Duration.ofMillis(300))
                .withSnapshots(10, 4, Duration.ofMillis(20));
        StorageRaftLog log = new StorageRaftLog(db);
        SnapshotStore snapshots = new SnapshotStore(dir);
        RaftNode node = new RaftNode(settings, log, fsm, RandomGenerator.of("L64X128MixRandom"),
                ForkJoinPool.commonPool(), RaftTransport.NONE, snapshots);
        node.start();
        try {
            for (int i = 0; i < 12; i++) {
                node.apply(command("a" + i)).get(5, TimeUnit.SECONDS);
            }
            assertTrue(fsm.writing.await(5, TimeUnit.SECONDS), "a snapshot is being written");
            // the write is stuck, yet Raft goes on committing and applying
            for (int i = 0; i < 20; i++) {
                assertInstanceOf(ApplyResult.Applied.class, node.apply(command("b" + i)).get(5, TimeUnit.SECONDS));
            }
            assertTrue(snapshots.latest().isEmpty(), "nothing is stored before the write completes");
            assertEquals(1, fsm.captured.size(), "one snapshot at a time");
            long first = fsm.captured.get(0);
            assertTrue(first >= 10 && first < 20, "captured when the threshold was reached: " + first);
            fsm.release.countDown();
            // the next applies run the loop that compacts up to trailing_logs before the snapshot
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (snapshotIndexOf(db) < first - 4 && System.nanoTime() < deadline) {
                node.apply(command("c")).get(5, TimeUnit.SECONDS);
                Thread.sleep(10);
            }
            assertTrue(snapshotIndexOf(db) >= first - 4, "the log is compacted once the file is safe");
            SnapshotStore.Stored stored = snapshots.latest().orElseThrow();
            try (java.io.InputStream in = SnapshotStore.openState(stored)) {
                assertEquals("state@" + stored.metadata().index(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "the file holds the state as captured at its index");
            }
        } finally {
            node.stop();
        }
    }

    @Test
    void peersJsonRecoveryFoldsTheLogIntoASnapshotOfTheRecoveredConfiguration(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RaftSettings settings = RaftSettings.consul("n1", "127.0.0.1:8300", true, 1, Duration.ofMillis(300));
        RaftNode first = new RaftNode(settings, new StorageRaftLog(db), new RecordingMachine(),
                RandomGenerator.of("L64X128MixRandom"), ForkJoinPool.commonPool(), RaftTransport.NONE,
                new SnapshotStore(dir));
        first.start();
        for (int i = 0; i < 30; i++) {
            first.apply(command("v" + i)).get(5, TimeUnit.SECONDS);
        }
        first.stop();
        StorageRaftLog before = new StorageRaftLog(db);
        long lastIndex = before.lastIndex();
        long lastTerm = before.term(lastIndex);
        String clusterId = before.clusterId();
        assertTrue(!clusterId.isEmpty() && lastIndex > 30, "the log holds the cluster id and the commands");

        // a state machine that lost everything (as after a crash before its writes reached the disk): the
        // recovery replays the whole log into it before it writes the snapshot
        RecordingMachine fsm = new RecordingMachine();
        org.proconsul.raft.core.Configuration recovered = new org.proconsul.raft.core.Configuration(List.of(
                org.proconsul.raft.core.Server.voter("n1", "127.0.0.1:8300"),
                org.proconsul.raft.core.Server.nonVoter("n9", "127.0.0.9:8300")));
        StorageRaftLog log = new StorageRaftLog(db);
        SnapshotStore snapshots = new SnapshotStore(dir);
        RaftNode node = new RaftNode(settings.withRecovery(recovered), log, fsm, RandomGenerator.of("L64X128MixRandom"),
                ForkJoinPool.commonPool(), RaftTransport.NONE, snapshots);
        assertEquals(30, fsm.applied.size());
        assertEquals("v29", fsm.applied.get(29));
        assertEquals(lastIndex, log.lastIndex(), "the last index stays");
        assertEquals(lastIndex, log.snapshotMetadata().index());
        assertEquals(lastTerm, log.snapshotMetadata().term(), "the last term stays");
        assertEquals(recovered, log.snapshotMetadata().configuration());
        assertEquals(clusterId, log.clusterId(), "the cluster id stays");
        SnapshotStore.Stored stored = snapshots.latest().orElseThrow();
        assertEquals(lastIndex, stored.metadata().index());
        assertEquals(recovered, stored.metadata().configuration());
        assertEquals(clusterId, stored.clusterId());
        node.start();
        try {
            ApplyResult next = node.apply(command("after")).get(10, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Applied.class, next, "the sole voter of the recovered set leads");
            assertTrue(((ApplyResult.Applied) next).index() > lastIndex);
            assertEquals(List.of("n1", "n9"), node.view().peers().stream().map(p -> p.id()).sorted().toList());
        } finally {
            node.stop();
        }
    }

    @Test
    void recoveryRefusesAServerWithoutRaftState(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Database db = new MemoryStorageEngine().open("raft", Durability.SYNC);
        RaftSettings settings = RaftSettings.consul("n1", "127.0.0.1:8300", false, 1, Duration.ofMillis(300))
                .withRecovery(org.proconsul.raft.core.Configuration.of(
                        org.proconsul.raft.core.Server.voter("n1", "127.0.0.1:8300")));
        PeersJson.RecoveryFailed e = org.junit.jupiter.api.Assertions.assertThrows(PeersJson.RecoveryFailed.class,
                () -> new RaftNode(settings, new StorageRaftLog(db), new RecordingMachine(),
                        RandomGenerator.of("L64X128MixRandom"), ForkJoinPool.commonPool(), RaftTransport.NONE,
                        new SnapshotStore(dir)));
        assertTrue(e.getMessage().startsWith("recovery failed: this server has no Raft state"), e.getMessage());
    }

    private static long snapshotIndexOf(Database db) {
        return new StorageRaftLog(db).snapshotMetadata().index();
    }
}
