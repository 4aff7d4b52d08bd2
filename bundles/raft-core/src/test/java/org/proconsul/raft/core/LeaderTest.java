package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A leader n1 of {n1, n2, n3} driven by hand: each test plays the followers' answers itself. */
class LeaderTest {

    private static final Configuration THREE = Configuration.of(Server.voter("n1", "a"), Server.voter("n2", "b"),
            Server.voter("n3", "c"));
    private static final int ELECTION = 10;

    private static RaftConfig config(String id) {
        return new RaftConfig(id, ELECTION, 2, 8, Long.MAX_VALUE, 4, false, true);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs n1 to candidate and gives it n2's vote. */
    private static TestNode elect(TestNode n) {
        for (int i = 0; i < 2 * ELECTION && n.core.role() != Role.CANDIDATE; i++) {
            n.ticks(1);
        }
        assertEquals(Role.CANDIDATE, n.core.role());
        n.step(new RequestVoteResponse("n2", "n1", n.core.term(), "", false, true));
        assertEquals(Role.LEADER, n.core.role());
        return n;
    }

    /** Leader of term 2 whose noop (index 2) is committed through n2; n3 never answered. */
    private static TestNode leader() {
        TestNode n = new TestNode(config("n1"), new InMemoryRaftLog(), new SplittableRandom(5));
        n.core.bootstrap(THREE);
        n.settle();
        elect(n);
        ack(n, "n2", 2);
        assertEquals(2, n.core.commitIndex());
        n.sent.clear();
        return n;
    }

    private static void ack(TestNode n, String from, long match) {
        n.step(new AppendEntriesResponse(from, "n1", n.core.term(), "", true, match, 0, 0, 0));
    }

    private static List<AppendEntries> appendsTo(TestNode n, String to) {
        List<AppendEntries> out = new ArrayList<>();
        for (AppendEntries ae : n.take(AppendEntries.class)) {
            if (ae.to().equals(to)) {
                out.add(ae);
            }
        }
        return out;
    }

    @Test
    void appendEntriesStayWithinTheByteBudgetAndALargeEntryGoesAlone() {
        // a log that n2 has not seen yet: 4 entries of 60 bytes, one of 500, one of 10
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.configuration(1, 1, THREE)));
        long i = 2;
        for (int k = 0; k < 4; k++) {
            log.append(List.of(Entry.command(i++, 1, new byte[60])));
        }
        log.append(List.of(Entry.command(i++, 1, new byte[500])));
        log.append(List.of(Entry.command(i, 1, new byte[10])));
        log.saveHardState(new HardState(1, null, 1));
        RaftConfig budget = new RaftConfig("n1", ELECTION, 2, 8, 130, 64, false, true);
        TestNode n = elect(new TestNode(budget, log, new SplittableRandom(5)));
        List<Integer> sizes = new ArrayList<>();
        long matched = 1;
        for (int round = 0; round < 10 && matched < n.core.status().lastIndex(); round++) {
            for (AppendEntries ae : appendsTo(n, "n2")) {
                if (ae.prevIndex() == matched && !ae.entries().isEmpty()) {
                    sizes.add(ae.entries().stream().mapToInt(e -> e.data().length).sum());
                    matched = ae.entries().get(ae.entries().size() - 1).index();
                }
            }
            ack(n, "n2", matched);
        }
        assertEquals(n.core.status().lastIndex(), matched, "everything reached n2: " + sizes);
        assertTrue(sizes.contains(500), "the 500-byte entry went alone: " + sizes);
        for (int size : sizes) {
            assertTrue(size <= 130 || size == 500, "over the budget: " + sizes);
        }
    }

    @Test
    void leaderCommitsEntriesOfEarlierTermsOnlyThroughAnEntryOfItsOwn() {
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.configuration(1, 1, THREE), Entry.command(2, 2, b("old"))));
        log.saveHardState(new HardState(3, null, 1));
        TestNode n = elect(new TestNode(config("n1"), log, new SplittableRandom(5)));
        assertEquals(4, n.core.term());
        assertEquals(3, n.core.status().lastIndex(), "noop at 3");

        ack(n, "n2", 2);
        assertEquals(1, n.core.commitIndex(), "index 2 is on a majority but from term 2 (Raft §5.4.2)");
        ack(n, "n2", 3);
        assertEquals(3, n.core.commitIndex());
        assertEquals(List.of(1L, 2L, 3L), n.applied.stream().map(Entry::index).toList());
    }

    @Test
    void rejectionHintsSkipAWholeConflictingTermPerRoundTrip() {
        // n1 holds 2..40 from term 3, n2 holds a longer divergent tail 2..60 from term 2
        InMemoryRaftLog leaderLog = new InMemoryRaftLog();
        leaderLog.append(List.of(Entry.configuration(1, 1, THREE)));
        InMemoryRaftLog followerLog = new InMemoryRaftLog();
        followerLog.append(List.of(Entry.configuration(1, 1, THREE)));
        for (long i = 2; i <= 60; i++) {
            if (i <= 40) {
                leaderLog.append(List.of(Entry.command(i, 3, b("new" + i))));
            }
            followerLog.append(List.of(Entry.command(i, 2, b("old" + i))));
        }
        leaderLog.saveHardState(new HardState(3, null, 1));
        followerLog.saveHardState(new HardState(3, null, 1));
        RaftConfig quiet = new RaftConfig("n2", 1000, 500, 64, Long.MAX_VALUE, 4, false, false);
        TestNode follower = new TestNode(quiet, followerLog, new SplittableRandom(1));
        TestNode leader = elect(new TestNode(config("n1"), leaderLog, new SplittableRandom(5)));
        leader.settle();

        int rejections = 0;
        for (int round = 0; round < 20; round++) {
            List<AppendEntries> toFollower = appendsTo(leader, "n2");
            leader.sent.clear();
            if (toFollower.isEmpty()) {
                break;
            }
            for (AppendEntries ae : toFollower) {
                follower.step(ae);
            }
            for (AppendEntriesResponse r : follower.take(AppendEntriesResponse.class)) {
                rejections += r.success() ? 0 : 1;
                leader.step(r);
            }
            follower.sent.clear();
        }
        assertTrue(rejections <= 2, "needed " + rejections + " rejections");
        assertEquals(leader.core.logView().entries(1, 41), follower.core.logView().entries(1, 41));
        assertEquals(41, follower.core.logView().lastIndex());
    }

    @Test
    void replicationIsBatchedAndPipelinedUpToTheInflightLimit() {
        TestNode n = leader();
        for (int i = 0; i < 100; i++) {
            assertInstanceOf(Proposal.Accepted.class, n.core.propose(b("p" + i)));
        }
        n.settle();
        List<AppendEntries> toN2 = appendsTo(n, "n2");
        assertEquals(4, toN2.size(), "maxInflight batches");
        for (int i = 0; i < 4; i++) {
            assertEquals(8, toN2.get(i).entries().size(), "maxEntriesPerAppend");
            assertEquals(2 + 8L * i, toN2.get(i).prevIndex());
        }
        ack(n, "n2", 10);
        List<AppendEntries> more = appendsTo(n, "n2");
        assertEquals(1, more.size(), "one acknowledged batch frees one slot");
        assertEquals(34, more.get(0).prevIndex());
        assertEquals(10, n.core.commitIndex());
    }

    @Test
    void followerBehindTheCompactedLogNeedsASnapshot() {
        TestNode n = leader();
        for (int i = 0; i < 20; i++) {
            n.core.propose(b("p" + i));
        }
        n.settle();
        ack(n, "n2", 22);
        assertEquals(22, n.core.commitIndex());
        n.log.compact(15, n.log.term(15));
        n.sent.clear();

        n.step(new HeartbeatResponse("n3", "n1", 2, "", 0, 0));
        assertEquals(1, n.snapshotsNeeded.size());
        SnapshotNeeded needed = n.snapshotsNeeded.get(0);
        assertEquals("n3", needed.followerId());
        assertEquals(15, needed.snapshot().index());
        assertEquals(THREE, needed.snapshot().configuration());
        assertTrue(appendsTo(n, "n3").isEmpty(), "nothing is sent while the snapshot is pending");
        assertEquals("SNAPSHOT", n.core.status().followers().get("n3").replicationState());

        n.core.reportSnapshot("n3", true);
        ack(n, "n3", 15);
        List<AppendEntries> resumed = appendsTo(n, "n3");
        assertEquals(15, resumed.get(0).prevIndex());
        assertEquals("REPLICATE", n.core.status().followers().get("n3").replicationState());
    }

    @Test
    void snapshotMessageKeepsTheTermOfItsRequestEvenAfterTheLeaderSteppedDown() {
        // regression (simulator seed 45): the driver stamped InstallSnapshot with the core's newer term, so the
        // follower took a deposed leader for the leader of that term
        TestNode n = leader();
        for (int i = 0; i < 5; i++) {
            n.core.propose(b("p" + i));
        }
        n.settle();
        ack(n, "n2", 7);
        n.log.compact(6, n.log.term(6));
        n.core.step(new HeartbeatResponse("n3", "n1", 2, "", 0, 0));
        n.core.step(new RequestVote("n2", "n1", 3, "", 7, 2, false, true));
        Ready r = n.core.ready();
        assertEquals(Role.FOLLOWER, n.core.role());
        assertEquals(3, n.core.term());
        SnapshotNeeded needed = r.snapshotsNeeded().get(0);
        InstallSnapshot message = needed.installMessage(n.log.snapshotMetadata(), "ref");
        assertEquals(2, message.term());
        assertEquals("n1", message.from());
        assertEquals("n3", message.to());
    }

    @Test
    void followerInstallsALeadersSnapshot() {
        TestNode f = new TestNode(config("n3"), new InMemoryRaftLog(), new SplittableRandom(2));
        SnapshotMetadata meta = new SnapshotMetadata(15, 2, THREE);
        f.step(new InstallSnapshot("n1", "n3", 2, "", meta, "ref-15"));
        Ready r = f.readies.get(0);
        assertEquals(meta, r.snapshotToInstall().metadata());
        assertEquals(new HardState(2, null, 15), r.hardState());
        assertEquals(meta, f.log.snapshotMetadata());
        assertEquals(15, f.core.appliedIndex());
        assertEquals(THREE, f.core.configuration());
        AppendEntriesResponse resp = f.take(AppendEntriesResponse.class).get(0);
        assertTrue(resp.success());
        assertEquals(15, resp.matchIndex());

        f.step(new AppendEntries("n1", "n3", 2, "", 15, 2, List.of(Entry.command(16, 2, b("x"))), 16));
        assertEquals(List.of(Entry.command(16, 2, b("x"))), f.applied);
    }

    @Test
    void readIndexWaitsForTheOwnTermCommitAndAQuorumHeartbeatRound() {
        TestNode n = new TestNode(config("n1"), new InMemoryRaftLog(), new SplittableRandom(5));
        n.core.bootstrap(THREE);
        n.settle();
        elect(n);
        n.core.readIndex(1);
        n.settle();
        assertTrue(n.readStates.isEmpty());
        assertTrue(n.take(Heartbeat.class).isEmpty(), "no round before the noop commits");

        ack(n, "n2", 2);
        List<Heartbeat> round = n.take(Heartbeat.class);
        assertEquals(2, round.size());
        assertEquals(1, round.get(0).readRound());
        assertTrue(n.readStates.isEmpty());

        n.step(new HeartbeatResponse("n3", "n1", 2, "", round.get(0).sentTick(), 0));
        assertTrue(n.readStates.isEmpty(), "an answer to an older round does not count");
        n.step(new HeartbeatResponse("n3", "n1", 2, "", round.get(0).sentTick(), 1));
        assertEquals(List.of(ReadState.confirmed(1, 2, "n1")), n.readStates);
    }

    @Test
    void pendingReadsAreRejectedWhenLeadershipIsLost() {
        TestNode n = leader();
        n.core.readIndex(5);
        n.step(new Heartbeat("n2", "n1", 3, "", 0, 0, 0));
        assertEquals(Role.FOLLOWER, n.core.role());
        assertEquals(List.of(ReadState.rejected(5, ReadState.ReadStatus.LEADERSHIP_LOST, null)), n.readStates);
    }

    @Test
    void leaseHoldsOnlyWhileAQuorumRecentlyConfirmedLeadership() {
        TestNode n = leader();
        assertFalse(n.core.leaseValid(), "no heartbeat answered yet");
        n.ticks(2);
        Heartbeat hb = n.take(Heartbeat.class).get(0);
        n.step(new HeartbeatResponse("n2", "n1", 2, "", hb.sentTick(), 0));
        assertTrue(n.core.leaseValid());
        for (int i = 0; i < ELECTION - 2; i++) {
            n.core.tick();
        }
        n.settle();
        assertTrue(n.core.leaseValid(), "still within electionTicks - 1 of the heartbeat");
        n.core.tick();
        assertFalse(n.core.leaseValid());
        assertEquals(Role.LEADER, n.core.role());
    }

    @Test
    void leaseEndsWhenTimeoutNowIsSent() {
        TestNode n = leader();
        n.ticks(2);
        Heartbeat hb = n.take(Heartbeat.class).get(0);
        n.step(new HeartbeatResponse("n2", "n1", 2, "", hb.sentTick(), 0));
        assertTrue(n.core.leaseValid());
        n.core.transferLeadership("n2");
        n.settle();
        assertEquals(1, n.take(TimeoutNow.class).size(), "n2 is up to date: hand over at once");
        assertFalse(n.core.leaseValid());
    }

    @Test
    void leaderWithoutQuorumContactStepsDownAfterAnElectionTimeout() {
        TestNode n = leader();
        n.ticks(ELECTION - 1);
        assertEquals(Role.LEADER, n.core.role(), "n2's acknowledgement is still recent");
        n.ticks(1);
        assertEquals(Role.FOLLOWER, n.core.role());
        assertTrue(n.events.stream().anyMatch(e -> e.startsWith("stepping down: no contact with a quorum")));
    }

    @Test
    void transferWaitsForTheTargetToCatchUpAndRefusesProposalsMeanwhile() {
        TestNode n = leader();
        n.core.propose(b("x"));
        n.settle();
        n.sent.clear();
        n.core.transferLeadership("n3");
        n.settle();
        assertTrue(n.take(TimeoutNow.class).isEmpty(), "n3 has nothing yet");
        assertEquals("n3", n.core.status().transferTarget());
        assertInstanceOf(Proposal.Rejected.class, n.core.propose(b("y")));

        n.step(new AppendEntriesResponse("n3", "n1", 2, "", true, 3, 0, 0, 0));
        assertEquals(1, n.take(TimeoutNow.class).size());

        for (int i = 0; i < ELECTION; i++) {
            n.ticks(1);
            n.step(new HeartbeatResponse("n3", "n1", 2, "", 0, 0)); // n3 lost the TimeoutNow but is alive
        }
        assertEquals(Role.LEADER, n.core.role());
        assertEquals(null, n.core.status().transferTarget(), "abandoned after an election timeout");
        assertTrue(n.events.stream().anyMatch(e -> e.startsWith("leadership transfer to n3 aborted")), n.events.toString());
    }

    @Test
    void membershipChangesGoOneAtATime() {
        TestNode n = new TestNode(config("n1"), new InMemoryRaftLog(), new SplittableRandom(5));
        n.core.bootstrap(THREE);
        n.settle();
        elect(n);
        assertEquals(new Proposal.Rejected("leader has not committed an entry in its term yet"),
                n.core.proposeConfigChange(ConfigChange.addNonVoter("n4", "d")));
        ack(n, "n2", 2);

        assertEquals(new Proposal.Accepted(3, 2), n.core.proposeConfigChange(ConfigChange.addNonVoter("n4", "d")));
        assertTrue(n.core.configuration().contains("n4"), "a configuration applies when appended");
        assertEquals(new Proposal.Rejected("configuration change at index 3 is not committed yet"),
                n.core.proposeConfigChange(ConfigChange.promote("n4")));
        n.settle();
        ack(n, "n2", 3);
        assertEquals(new Proposal.Rejected("server n4 is already in the configuration"),
                n.core.proposeConfigChange(ConfigChange.addNonVoter("n4", "d")));
        assertInstanceOf(Proposal.Accepted.class, n.core.proposeConfigChange(ConfigChange.promote("n4")));
        assertTrue(n.core.configuration().isVoter("n4"));
        assertTrue(n.core.status().followers().get("n4").voter());
    }

    @Test
    void removedLeaderStepsDownOnceItsRemovalCommits() {
        TestNode n = leader();
        assertInstanceOf(Proposal.Accepted.class, n.core.proposeConfigChange(ConfigChange.remove("n1")));
        n.settle();
        assertEquals(Role.LEADER, n.core.role(), "it still leads until the change commits");
        ack(n, "n2", 3);
        assertEquals(2, n.core.commitIndex(), "n1 no longer counts: n2 alone is not a majority of {n2, n3}");
        ack(n, "n3", 3);
        assertEquals(3, n.core.commitIndex());
        assertEquals(Role.FOLLOWER, n.core.role());
        n.ticks(5 * ELECTION);
        assertEquals(Role.FOLLOWER, n.core.role(), "a removed server never campaigns");
        assertTrue(n.take(RequestVote.class).isEmpty());
    }

    @Test
    void twoLeadersInOneTermIsAnInvariantViolation() {
        TestNode n = leader();
        try {
            n.core.step(new Heartbeat("n2", "n1", 2, "", 0, 0, 0));
            throw new IllegalStateException("expected an AssertionError");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("two leaders in term 2"));
        }
    }
}
