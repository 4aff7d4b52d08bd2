package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FollowerCandidateTest {

    private static final Configuration THREE = Configuration.of(Server.voter("n1", "a"), Server.voter("n2", "b"),
            Server.voter("n3", "c"));

    private static TestNode node(String id, Configuration configuration, boolean preVote, boolean checkQuorum) {
        RaftConfig config = new RaftConfig(id, 10, 2, 8, Long.MAX_VALUE, 4, preVote, checkQuorum);
        TestNode n = new TestNode(config, new InMemoryRaftLog(), new SplittableRandom(3));
        n.core.bootstrap(configuration);
        n.settle();
        return n;
    }

    private static TestNode follower(boolean preVote, boolean checkQuorum) {
        return node("n1", THREE, preVote, checkQuorum);
    }

    private static List<Entry> commands(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(Entry.command(i, term, ("c" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static AppendEntries append(String leader, long term, long prevIndex, long prevTerm, List<Entry> entries,
                                        long commit) {
        return new AppendEntries(leader, "n1", term, "", prevIndex, prevTerm, entries, commit);
    }

    private static RequestVote vote(String from, long term, long lastIndex, long lastTerm, boolean pre,
                                    boolean transfer) {
        return new RequestVote(from, "n1", term, "", lastIndex, lastTerm, pre, transfer);
    }

    @Test
    void followerRejectsAStaleLeaderAndTellsItItsTerm() {
        TestNode n = follower(true, true);
        n.step(new Heartbeat("n2", "n1", 5, "", 0, 0, 0));
        n.sent.clear();
        n.step(append("n3", 3, 1, 1, List.of(), 0));
        AppendEntriesResponse r = n.take(AppendEntriesResponse.class).get(0);
        assertFalse(r.success());
        assertEquals(5, r.term());
        assertEquals("n2", n.core.leaderId());
        assertEquals(5, n.core.term());
    }

    @Test
    void followerGrantsOneVotePerTermAndPersistsItBeforeAnswering() {
        TestNode n = follower(false, false);
        n.step(vote("n2", 2, 1, 1, false, false));
        Ready voted = n.readies.get(n.readies.size() - 1);
        assertEquals(new HardState(2, "n2", 0), voted.hardState(), "the vote is in the same Ready as the answer");
        assertTrue(n.take(RequestVoteResponse.class).get(0).granted());

        n.step(vote("n3", 2, 1, 1, false, false));
        assertFalse(n.take(RequestVoteResponse.class).get(0).granted(), "already voted for n2 in term 2");
        n.step(vote("n2", 2, 1, 1, false, false));
        assertTrue(n.take(RequestVoteResponse.class).get(0).granted(), "a repeated request gets the same answer");
    }

    @Test
    void followerRefusesACandidateWhoseLogIsBehind() {
        TestNode n = follower(false, false);
        n.step(append("n2", 2, 1, 1, commands(2, 3, 2), 1));
        n.sent.clear();
        n.step(vote("n3", 3, 5, 1, false, false));
        assertFalse(n.take(RequestVoteResponse.class).get(0).granted(), "last term 1 is older than our 2");
        n.step(vote("n3", 4, 2, 2, false, false));
        assertFalse(n.take(RequestVoteResponse.class).get(0).granted(), "same last term but shorter");
        n.step(vote("n3", 5, 3, 2, false, false));
        assertTrue(n.take(RequestVoteResponse.class).get(0).granted());
        assertEquals(5, n.core.term());
    }

    @Test
    void candidateStepsDownWhenTheLeaderOfItsTermAppears() {
        TestNode n = follower(false, false);
        n.ticks(20);
        assertEquals(Role.CANDIDATE, n.core.role());
        assertEquals(2, n.core.term());
        assertEquals(2, n.take(RequestVote.class).size());
        n.step(new Heartbeat("n2", "n1", 2, "", 0, 0, 0));
        assertEquals(Role.FOLLOWER, n.core.role());
        assertEquals("n2", n.core.leaderId());
        assertEquals(2, n.core.term());
    }

    @Test
    void preCandidateKeepsItsTermUntilAMajorityWouldVote() {
        TestNode n = follower(true, true);
        n.ticks(20);
        assertEquals(Role.PRE_CANDIDATE, n.core.role());
        assertEquals(1, n.core.term());
        assertEquals(new HardState(1, null, 0), n.log.hardState(), "a pre-vote persists nothing");
        List<RequestVote> asks = n.take(RequestVote.class);
        assertEquals(2, asks.size());
        assertTrue(asks.stream().allMatch(rv -> rv.preVote() && rv.term() == 2));

        n.step(new RequestVoteResponse("n2", "n1", 2, "", true, true));
        assertEquals(Role.CANDIDATE, n.core.role());
        assertEquals(new HardState(2, "n1", 0), n.log.hardState());
        assertTrue(n.take(RequestVote.class).stream().noneMatch(RequestVote::preVote));

        n.step(new RequestVoteResponse("n3", "n1", 2, "", false, true));
        assertEquals(Role.LEADER, n.core.role());
        assertTrue(n.events.contains("became leader term=2 index=2"), n.events.toString());
    }

    @Test
    void preCandidateGivesUpWhenAMajorityRefuses() {
        TestNode n = follower(true, true);
        n.ticks(20);
        n.step(new RequestVoteResponse("n2", "n1", 1, "", true, false));
        n.step(new RequestVoteResponse("n3", "n1", 1, "", true, false));
        assertEquals(Role.FOLLOWER, n.core.role());
        assertEquals(1, n.core.term());
    }

    @Test
    void followerThatHearsFromALeaderRefusesElectionsUnlessTheLeaderAskedForOne() {
        TestNode n = follower(true, true);
        n.step(new Heartbeat("n2", "n1", 1, "", 0, 0, 0));
        n.sent.clear();

        n.step(vote("n3", 2, 9, 1, false, false));
        assertTrue(n.sent.isEmpty(), "an election while the leader is alive is ignored");
        assertEquals(1, n.core.term());

        n.step(vote("n3", 2, 9, 1, true, false));
        RequestVoteResponse pre = n.take(RequestVoteResponse.class).get(0);
        assertFalse(pre.granted());
        assertEquals(1, pre.term());

        n.step(vote("n3", 2, 9, 1, false, true));
        assertTrue(n.take(RequestVoteResponse.class).get(0).granted(), "a leadership transfer bypasses the lease");
        assertEquals(2, n.core.term());
    }

    @Test
    void restartedServerHonoursTheLeaseItMayHaveGiven() {
        TestNode n = follower(true, true);
        n.step(vote("n3", 2, 9, 1, true, false));
        assertFalse(n.take(RequestVoteResponse.class).get(0).granted());
        n.ticks(9);
        n.sent.clear();
        n.step(vote("n3", 2, 9, 1, true, false));
        assertFalse(n.take(RequestVoteResponse.class).get(0).granted());
        n.core.tick();
        n.step(vote("n3", 2, 9, 1, true, false));
        RequestVoteResponse granted = n.take(RequestVoteResponse.class).get(0);
        assertTrue(granted.granted());
        assertEquals(2, granted.term(), "a granted pre-vote carries the term asked about");
        assertEquals(1, n.core.term(), "and does not move ours");
    }

    @Test
    void followerReplacesAConflictingSuffixAndHintsWhereToRetry() {
        TestNode n = follower(true, true);
        n.step(append("n2", 2, 1, 1, commands(2, 5, 2), 1));
        assertEquals(5, n.core.status().lastIndex());
        n.sent.clear();

        n.step(append("n3", 3, 5, 3, commands(6, 6, 3), 1));
        AppendEntriesResponse reject = n.take(AppendEntriesResponse.class).get(0);
        assertFalse(reject.success());
        assertEquals(5, reject.rejectedIndex());
        assertEquals(5, reject.hintIndex());
        assertEquals(2, reject.hintTerm());

        n.step(append("n3", 3, 9, 3, List.of(), 1));
        AppendEntriesResponse beyond = n.take(AppendEntriesResponse.class).get(0);
        assertEquals(5, beyond.hintIndex(), "a gap hints at our last index");

        n.step(append("n3", 3, 3, 2, commands(4, 4, 3), 3));
        AppendEntriesResponse ok = n.take(AppendEntriesResponse.class).get(0);
        assertTrue(ok.success());
        assertEquals(4, ok.matchIndex());
        Ready truncating = n.readies.get(n.readies.size() - 1);
        assertEquals(3, truncating.truncateAfter());
        assertEquals(commands(4, 4, 3), truncating.entries());
        assertEquals(4, n.log.lastIndex());
        assertEquals(3, n.log.term(4));
        assertEquals(3, n.core.commitIndex());
    }

    @Test
    void conflictArrivingBetweenReadyAndAdvanceIsPersistedByTheNextReady() {
        TestNode n = follower(true, true);
        n.core.step(append("n2", 2, 1, 1, commands(2, 5, 2), 1));
        Ready first = n.core.ready();
        assertEquals(commands(2, 5, 2), first.entries());
        n.log.persist(first);
        // a new leader's conflicting entries arrive while the driver is still busy with the first Ready
        n.core.step(append("n3", 3, 2, 2, commands(3, 3, 3), 1));
        n.core.advance(first);
        Ready second = n.core.ready();
        assertEquals(1, second.truncateAfter());
        assertEquals(List.of(commands(2, 2, 2).get(0), commands(3, 3, 3).get(0)), second.entries());
        AppendEntriesResponse ack = (AppendEntriesResponse) second.messages().get(0);
        assertEquals("n3", ack.to());
        assertEquals(3, ack.matchIndex(), "acknowledged only in the Ready that persists the entry");
        n.log.persist(second);
        n.core.advance(second);
        assertEquals(3, n.log.lastIndex());
        assertEquals(3, n.log.term(3));
        assertFalse(n.core.hasReady());
    }

    @Test
    void followerCommitsOnlyWhatItKnowsMatches() {
        TestNode n = follower(true, true);
        n.step(append("n2", 2, 1, 1, commands(2, 5, 2), 9));
        assertEquals(5, n.core.commitIndex(), "capped at the last new entry");
        n.step(append("n2", 2, 1, 1, commands(2, 3, 2), 9));
        assertEquals(5, n.core.commitIndex(), "commit never goes backwards");
        assertEquals(5, n.core.status().lastIndex(), "matching entries are not truncated");
    }

    @Test
    void messagesFromAnotherClusterAreDroppedBeforeTheTermCheck() {
        TestNode n = follower(true, true);
        n.core.setClusterId("cluster-a");
        n.step(new Heartbeat("n2", "n1", 9, "cluster-b", 0, 0, 0));
        assertEquals(1, n.core.term());
        assertEquals(1, n.dropped.size());
        assertEquals("cluster id mismatch: message has cluster-b, this server has cluster-a", n.dropped.get(0).reason());
        assertTrue(n.sent.isEmpty());

        n.step(new Heartbeat("n2", "n1", 9, "", 0, 0, 0));
        assertEquals(9, n.core.term(), "a peer that has not learned the id yet is still heard");
        assertEquals("cluster-a", n.take(HeartbeatResponse.class).get(0).clusterId());
    }

    @Test
    void nonVoterNeverCampaignsEvenWhenToldTo() {
        Configuration c = Configuration.of(Server.voter("n2", "b"), Server.nonVoter("n1", "a"));
        TestNode n = node("n1", c, true, true);
        n.ticks(200);
        assertEquals(Role.FOLLOWER, n.core.role());
        assertEquals(1, n.core.term());
        assertTrue(n.take(RequestVote.class).isEmpty());
        n.step(new TimeoutNow("n2", "n1", 1, ""));
        assertEquals(Role.FOLLOWER, n.core.role());
        assertTrue(n.events.contains("ignoring TimeoutNow from n2: not a voter"), n.events.toString());
    }

    @Test
    void serverOutsideTheConfigurationNeverCampaigns() {
        Configuration withoutSelf = Configuration.of(Server.voter("n2", "b"), Server.voter("n3", "c"));
        TestNode n = node("n1", withoutSelf, false, false);
        n.ticks(200);
        assertEquals(Role.FOLLOWER, n.core.role());
        assertTrue(n.take(RequestVote.class).isEmpty());
    }

    @Test
    void followerAnswersReadsAndProposalsWithTheLeaderItKnows() {
        TestNode n = follower(true, true);
        n.step(new Heartbeat("n2", "n1", 1, "", 0, 0, 0));
        n.core.readIndex(7);
        n.settle();
        assertEquals(List.of(ReadState.rejected(7, ReadState.ReadStatus.NOT_LEADER, "n2")), n.readStates);
        assertEquals(new Proposal.NotLeader("n2"), n.core.propose(new byte[] {1}));
        assertEquals(new Proposal.NotLeader("n2"), n.core.proposeConfigChange(ConfigChange.remove("n3")));
    }

    @Test
    void timeoutNowMakesAVoterCampaignAtOnceWithoutPreVote() {
        TestNode n = follower(true, true);
        n.step(new Heartbeat("n2", "n1", 1, "", 0, 0, 0));
        n.sent.clear();
        n.step(new TimeoutNow("n2", "n1", 1, ""));
        assertEquals(Role.CANDIDATE, n.core.role());
        assertEquals(2, n.core.term());
        List<RequestVote> asks = n.take(RequestVote.class);
        assertTrue(asks.stream().allMatch(rv -> !rv.preVote() && rv.leadershipTransfer()), asks.toString());
    }

    @Test
    void softStateIsReportedOnlyWhenItChanges() {
        TestNode n = follower(true, true);
        n.step(new Heartbeat("n2", "n1", 1, "", 0, 0, 0));
        Ready first = n.readies.get(n.readies.size() - 1);
        assertEquals(new SoftState(Role.FOLLOWER, "n2"), first.softState());
        n.step(new Heartbeat("n2", "n1", 1, "", 0, 0, 0));
        assertNull(n.readies.get(n.readies.size() - 1).softState());
    }
}
