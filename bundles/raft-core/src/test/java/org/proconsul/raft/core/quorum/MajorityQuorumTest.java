package org.proconsul.raft.core.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MajorityQuorumTest {

    private static MajorityQuorum of(String... ids) {
        return MajorityQuorum.of(List.of(ids));
    }

    @Test
    void quorumSizeIsAStrictMajority() {
        assertEquals(0, of().size());
        assertEquals(1, of("a").size());
        assertEquals(2, of("a", "b").size());
        assertEquals(2, of("a", "b", "c").size());
        assertEquals(3, of("a", "b", "c", "d").size());
        assertEquals(3, of("a", "b", "c", "d", "e").size());
    }

    @Test
    void committedIndexIsTheHighestIndexAMajorityReached() {
        Map<String, Long> acked = Map.of("a", 5L, "b", 9L, "c", 7L, "d", 1L, "e", 7L);
        assertEquals(7, of("a", "b", "c", "d", "e").committedIndex(acked::get));
        assertEquals(7, of("a", "b", "c").committedIndex(acked::get));
        assertEquals(5, of("a", "b", "c", "d").committedIndex(acked::get)); // needs 3 of 4
        assertEquals(1, of("a", "d").committedIndex(acked::get));
        assertEquals(9, of("b").committedIndex(acked::get));
        assertEquals(0, of().committedIndex(acked::get));
    }

    @Test
    void voteResultCountsGrantsRefusalsAndMissingVoters() {
        MajorityQuorum q = of("a", "b", "c", "d", "e");
        Map<String, Boolean> votes = new HashMap<>();
        votes.put("a", true);
        assertEquals(VoteResult.PENDING, q.voteResult(votes));
        votes.put("b", true);
        votes.put("x", true); // not a voter: ignored
        assertEquals(VoteResult.PENDING, q.voteResult(votes));
        votes.put("c", true);
        assertEquals(VoteResult.WON, q.voteResult(votes));

        Map<String, Boolean> losing = Map.of("a", true, "b", false, "c", false, "d", false);
        assertEquals(VoteResult.LOST, q.voteResult(losing));
        assertEquals(VoteResult.PENDING, q.voteResult(Map.of("a", true, "b", false, "c", false)));
        assertEquals(VoteResult.WON, of("a").voteResult(Map.of("a", true)));
        assertEquals(VoteResult.LOST, of().voteResult(Map.of()));
    }

    @Test
    void hasQuorumNeedsAMajorityActive() {
        MajorityQuorum q = of("a", "b", "c");
        assertTrue(q.hasQuorum(Set.of("a", "c")::contains));
        assertFalse(q.hasQuorum(Set.of("a", "z")::contains));
        assertFalse(of().hasQuorum(id -> true));
    }

    @Test
    void votersAreSortedAndImmutable() {
        MajorityQuorum q = of("c", "a", "b");
        assertEquals(List.of("a", "b", "c"), List.copyOf(q.voters()));
        try {
            q.voters().add("d");
            throw new AssertionError("voters must be unmodifiable");
        } catch (UnsupportedOperationException expected) {
            // immutable as a value should be
        }
    }
}
