package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Named cluster behaviours, each played on the simulator with a fixed seed and no random faults. */
class ScenarioTest {

    private static final int E = 10;

    /** Proposes on {@code leader} and waits until the leader applied it: committed and acknowledged. */
    private static Proposal.Accepted commit(SimCluster c, String leader) {
        Proposal.Accepted a = assertInstanceOf(Proposal.Accepted.class, c.proposeNext(leader));
        SimNode n = c.node(leader);
        assertTrue(c.runUntil(() -> n.lastApplied() >= a.index(), 5 * E), "not committed: " + a);
        assertEquals(a.term(), n.stateMachine.get((int) a.index() - 1).term());
        return a;
    }

    private static List<String> followersOf(SimCluster c, String leader) {
        List<String> out = new ArrayList<>();
        for (SimNode n : c.all()) {
            if (!n.id.equals(leader)) {
                out.add(n.id);
            }
        }
        return out;
    }

    @Test
    void leaderCrashLeadsToReElection() {
        SimCluster c = new SimCluster(101, 3);
        String first = c.awaitLeader(10 * E);
        long firstTerm = c.node(first).core.term();
        Proposal.Accepted before = commit(c, first);

        c.crash(first);
        String second = c.awaitLeader(6 * E);
        assertNotEquals(first, second);
        assertTrue(c.node(second).core.term() > firstTerm);
        commit(c, second);

        c.restart(first);
        Proposal.Accepted after = commit(c, second);
        assertTrue(c.runUntil(() -> c.allApplied(after.index()), 5 * E));
        assertEquals(second, c.node(first).core.leaderId(), "the old leader rejoins as a follower");
        assertEquals(before.term(), c.node(first).stateMachine.get((int) before.index() - 1).term());
        c.checker.checkLogMatching(c.all());
    }

    @Test
    void minorityPartitionCannotCommit() {
        SimCluster c = new SimCluster(102, 5);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        String buddy = followersOf(c, leader).get(0);
        long commitBefore = c.node(leader).core.commitIndex();

        c.isolate(leader, buddy);
        List<Proposal.Accepted> stranded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stranded.add(assertInstanceOf(Proposal.Accepted.class, c.proposeNext(leader)));
        }
        c.run(3 * E);
        assertEquals(commitBefore, c.node(leader).core.commitIndex());
        assertEquals(commitBefore, c.node(buddy).core.commitIndex());

        String majorityLeader = c.awaitLeader(10 * E);
        assertFalse(List.of(leader, buddy).contains(majorityLeader));
        Proposal.Accepted progress = commit(c, majorityLeader);

        c.heal();
        assertTrue(c.runUntil(() -> c.allApplied(progress.index()), 10 * E));
        for (Proposal.Accepted lost : stranded) {
            for (SimNode n : c.all()) {
                if (n.lastApplied() >= lost.index()) {
                    assertNotEquals(lost.term(), n.stateMachine.get((int) lost.index() - 1).term(),
                            "a proposal made in the minority must never apply");
                }
            }
        }
    }

    @Test
    void partitionedLeaderStepsDownViaCheckQuorum() {
        SimCluster c = new SimCluster(103, 3);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        c.isolate(leader);
        c.run(E / 2);
        assertEquals(Role.LEADER, c.node(leader).core.role(), "not before an election timeout");
        assertTrue(c.runUntil(() -> c.node(leader).core.role() != Role.LEADER, E + 4),
                "an isolated leader must step down within about one election timeout");
        assertFalse(c.node(leader).core.leaseValid());
        String next = c.awaitLeader(10 * E);
        assertNotEquals(leader, next);
    }

    @Test
    void preVoteStopsARejoiningServerFromDeposingTheLeader() {
        SimCluster c = new SimCluster(104, 3);
        String leader = c.awaitLeader(10 * E);
        long term = c.node(leader).core.term();
        String loner = followersOf(c, leader).get(0);
        c.isolate(loner);
        c.run(20 * E);
        assertEquals(term, c.node(loner).core.term(), "pre-votes never win, so the term never moves");
        commit(c, leader);

        c.heal();
        c.run(5 * E);
        assertEquals(leader, c.leaderId());
        assertEquals(term, c.node(leader).core.term());
        assertEquals(leader, c.node(loner).core.leaderId());
    }

    @Test
    void withoutPreVoteARejoiningServerDeposesTheLeader() {
        SimCluster c = new SimCluster(104, 3, id -> new RaftConfig(id, E, 2, 16, Long.MAX_VALUE, 8, false, false));
        String leader = c.awaitLeader(10 * E);
        long term = c.node(leader).core.term();
        String loner = followersOf(c, leader).get(0);
        c.isolate(loner);
        c.run(20 * E);
        assertTrue(c.node(loner).core.term() > term + 5, "every timeout bumps the isolated server's term");
        c.heal();
        c.awaitLeader(10 * E);
        c.run(5 * E);
        assertTrue(c.node(c.awaitLeader(10 * E)).core.term() > term, "the healthy leader was deposed");
    }

    @Test
    void leadershipTransferHandsOverToAnUpToDateTarget() {
        SimCluster c = new SimCluster(105, 3);
        String leader = c.awaitLeader(10 * E);
        long term = c.node(leader).core.term();
        commit(c, leader);
        String target = followersOf(c, leader).get(1);

        c.transferLeadership(leader, target);
        assertTrue(c.runUntil(() -> target.equals(c.leaderId()), 2 * E), "transfer did not complete");
        assertEquals(term + 1, c.node(target).core.term());
        assertEquals(Role.FOLLOWER, c.node(leader).core.role());
        commit(c, target);
    }

    @Test
    void nonVoterCatchesUpAndIsThenPromoted() {
        SimCluster c = new SimCluster(106, 3);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        for (int i = 0; i < 20; i++) {
            c.proposeNext(leader);
        }
        SimNode joiner = c.addNode("n4");
        Proposal.Accepted add = assertInstanceOf(Proposal.Accepted.class,
                c.changeConfig(leader, ConfigChange.addNonVoter("n4", "10.0.0.4:8300")));
        assertTrue(c.runUntil(() -> c.allApplied(add.index()), 10 * E), "the non-voter did not catch up");
        assertTrue(joiner.core.configuration().contains("n4"));
        assertFalse(joiner.core.configuration().isVoter("n4"));
        assertFalse(c.node(leader).core.status().followers().get("n4").voter());

        for (int i = 0; i < 10 * E; i++) {
            c.tick();
            assertEquals(Role.FOLLOWER, joiner.core.role(), "a non-voter never campaigns");
        }
        c.crash(followersOf(c, leader).get(0));
        commit(c, leader); // two of three voters: the non-voter changed no quorum

        Proposal.Accepted promote = assertInstanceOf(Proposal.Accepted.class,
                c.changeConfig(leader, ConfigChange.promote("n4")));
        assertTrue(c.runUntil(() -> c.allApplied(promote.index()), 10 * E));
        assertTrue(joiner.core.configuration().isVoter("n4"));
        assertEquals(4, c.node(leader).core.configuration().voterIds().size());
        commit(c, leader); // three of four voters are up

        c.transferLeadership(leader, "n4");
        assertTrue(c.runUntil(() -> "n4".equals(c.leaderId()), 3 * E), "the promoted server can lead");
    }

    @Test
    void removedServerLearnsOfItsRemovalAndStopsCampaigning() {
        SimCluster c = new SimCluster(107, 5);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        String removed = followersOf(c, leader).get(2);
        Proposal.Accepted removal = assertInstanceOf(Proposal.Accepted.class,
                c.changeConfig(leader, ConfigChange.remove(removed)));
        assertTrue(c.runUntil(() -> c.node(leader).core.commitIndex() >= removal.index(), 5 * E));
        assertFalse(c.node(removed).core.configuration().contains(removed),
                "the leader kept replicating to the leaving server until its removal committed");
        assertFalse(c.node(leader).core.status().followers().containsKey(removed));

        long term = c.node(removed).core.term();
        c.run(20 * E);
        assertEquals(term, c.node(removed).core.term(), "a removed server never campaigns");
        assertEquals(Role.FOLLOWER, c.node(removed).core.role());
        assertEquals(leader, c.leaderId(), "and the cluster was not disturbed");

        c.crash(followersOf(c, leader).get(0));
        commit(c, leader); // three of the four remaining voters
    }

    @Test
    void removedLeaderHandsOverToTheRemainingServers() {
        SimCluster c = new SimCluster(108, 3);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        Proposal.Accepted removal = assertInstanceOf(Proposal.Accepted.class,
                c.changeConfig(leader, ConfigChange.remove(leader)));
        assertTrue(c.runUntil(() -> c.node(leader).core.role() != Role.LEADER, 5 * E));
        String next = c.awaitLeader(6 * E);
        assertNotEquals(leader, next);
        commit(c, next);
        assertTrue(c.node(next).core.commitIndex() > removal.index());
        c.run(10 * E);
        assertEquals(Role.FOLLOWER, c.node(leader).core.role());
    }

    @Test
    void readIndexIsConfirmedOnlyByTheLeader() {
        SimCluster c = new SimCluster(109, 3);
        String leader = c.awaitLeader(10 * E);
        commit(c, leader);
        c.readIndex(leader);
        c.readIndex(followersOf(c, leader).get(0));
        c.run(E);
        assertEquals(1, c.checker.confirmedReads);
        assertEquals(1, c.checker.rejectedReads);
    }
}
