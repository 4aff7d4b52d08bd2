package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SingleVoterTest {

    private static final Configuration SOLO = Configuration.of(Server.voter("n1", "127.0.0.1:8300"));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static TestNode electedSoloNode() {
        TestNode n = new TestNode("n1");
        n.core.bootstrap(SOLO);
        n.settle();
        int ticks = 0;
        while (n.core.role() != Role.LEADER) {
            n.ticks(1);
            ticks++;
            assertTrue(ticks < 2 * n.config.electionTicks(), "not leader within one randomized election timeout");
        }
        return n;
    }

    @Test
    void bootstrapWritesConfigurationAsEntryOneAtTermOne() {
        TestNode n = new TestNode("n1");
        n.core.bootstrap(SOLO);
        Ready r = n.core.ready();
        assertEquals(new HardState(1, null, 0), r.hardState());
        assertEquals(List.of(Entry.configuration(1, 1, SOLO)), r.entries());
        assertEquals(Ready.NO_TRUNCATION, r.truncateAfter());
        assertTrue(r.events().get(0).startsWith("bootstrapped configuration voters=[n1]"), r.events().toString());
        n.log.persist(r);
        n.core.advance(r);
        assertEquals(SOLO, n.core.configuration());
    }

    @Test
    void bootstrapNeedsAnEmptyLog() {
        TestNode n = new TestNode("n1");
        n.core.bootstrap(SOLO);
        assertThrows(IllegalStateException.class, () -> n.core.bootstrap(SOLO));
        assertThrows(IllegalArgumentException.class,
                () -> new TestNode("n2").core.bootstrap(Configuration.of(Server.nonVoter("n2", ""))));
    }

    @Test
    void soleVoterElectsItselfWithinOneElectionTimeoutAndCommitsItsNoop() {
        TestNode n = electedSoloNode();
        assertEquals(2, n.core.term());
        assertEquals(2, n.core.commitIndex());
        assertEquals(List.of(1L, 2L), n.applied.stream().map(Entry::index).toList());
        assertEquals(EntryType.NOOP, n.applied.get(1).type());
        assertTrue(n.events.contains("became leader term=2 index=2"), n.events.toString());
        assertTrue(n.sent.isEmpty(), "a sole voter has nobody to talk to");
    }

    @Test
    void proposalCommitsInTheReadyAfterTheAdvanceThatPersistedIt() {
        TestNode n = electedSoloNode();
        Proposal p = n.core.propose(b("x"));
        assertEquals(new Proposal.Accepted(3, 2), p);

        Ready carrying = n.core.ready();
        assertEquals(List.of(Entry.command(3, 2, b("x"))), carrying.entries());
        assertEquals(List.of(), carrying.committed(), "not committed before it is persisted");
        assertEquals(2, n.core.commitIndex());
        n.log.persist(carrying);
        n.core.advance(carrying);

        assertEquals(3, n.core.commitIndex());
        assertTrue(n.core.hasReady());
        Ready committing = n.core.ready();
        assertEquals(List.of(Entry.command(3, 2, b("x"))), committing.committed());
        assertEquals(3, committing.hardState().commitIndex());
        n.log.persist(committing);
        n.core.advance(committing);
        assertEquals(3, n.core.appliedIndex());
        assertFalse(n.core.hasReady());
    }

    @Test
    void readIndexIsConfirmedAtOnceAndLeaseHolds() {
        TestNode n = electedSoloNode();
        n.core.readIndex(42);
        n.settle();
        assertEquals(List.of(ReadState.confirmed(42, 2, "n1")), n.readStates);
        assertTrue(n.core.leaseValid());
    }

    @Test
    void restartRecoversTermVoteLogAndConfiguration() {
        TestNode n = electedSoloNode();
        n.core.propose(b("x"));
        n.settle();
        RaftCore restarted = new RaftCore(n.config, n.log, new SplittableRandom(9));
        assertEquals(2, restarted.term());
        assertEquals(3, restarted.commitIndex());
        assertEquals(0, restarted.appliedIndex());
        assertEquals(SOLO, restarted.configuration());
        assertEquals(Role.FOLLOWER, restarted.role());
        assertEquals(new HardState(2, "n1", 3), n.log.hardState());
        Ready r = restarted.ready();
        assertNull(r.hardState(), "nothing new to persist");
        assertEquals(3, r.committed().size(), "every committed entry is handed out again");
    }

    @Test
    void termOfPersistedEntriesWinsOverAnOlderPersistedHardState() {
        // a crash between writing a Ready's entries and its hard state
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.configuration(1, 1, SOLO), Entry.noop(2, 3)));
        log.saveHardState(new HardState(1, "n1", 1));
        RaftCore core = new RaftCore(TestNode.config("n1"), log, new SplittableRandom(1));
        assertEquals(3, core.term());
        assertEquals(new HardState(3, null, 1), core.ready().hardState());
    }

    @Test
    void driverMustFollowTheReadyContract() {
        TestNode n = electedSoloNode();
        n.core.propose(b("y"));
        Ready r = n.core.ready();
        assertThrows(IllegalStateException.class, n.core::ready);
        assertFalse(n.core.hasReady(), "nothing is ready while a Ready is outstanding");
        assertThrows(IllegalStateException.class, () -> n.core.advance(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> n.core.advance(r));
        assertTrue(e.getMessage().contains("did not persist entry 3"), e.getMessage());
        n.log.persist(r);
        n.core.advance(r); // a failed check changed nothing
        assertEquals(3, n.core.commitIndex());
    }
}
