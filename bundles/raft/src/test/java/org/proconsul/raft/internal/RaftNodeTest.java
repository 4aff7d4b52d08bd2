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
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

class RaftNodeTest {

    /** Records what it applied; its applied index survives a "restart" like a real store's would. */
    static final class RecordingMachine implements ReplicatedStateMachine {
        final List<String> applied = new ArrayList<>();
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

        @Override
        public synchronized void skip(long index) {
            last = index;
        }

        @Override
        public synchronized long lastAppliedIndex() {
            return last;
        }

        @Override
        public void snapshot(OutputStream out) {
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
            ApplyResult bad = node.apply(new byte[] {9, 1, 2}).get(5, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Applied.class, bad, "committed, then skipped by every server alike");
            ApplyResult good = node.apply(command("after")).get(5, TimeUnit.SECONDS);
            assertInstanceOf(ApplyResult.Applied.class, good);
            assertEquals(List.of("after"), fsm.applied.subList(fsm.applied.size() - 1, fsm.applied.size()));
            assertEquals(((ApplyResult.Applied) good).index(), fsm.lastAppliedIndex());
        } finally {
            node.stop();
        }
    }
}
