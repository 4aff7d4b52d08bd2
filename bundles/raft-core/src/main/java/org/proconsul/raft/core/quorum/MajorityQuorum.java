package org.proconsul.raft.core.quorum;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A simple majority over a fixed set of voter ids. An empty voter set can decide nothing: it commits no index,
 * loses every vote and never has a quorum, so a server that knows no voters cannot make progress on its own.
 */
public record MajorityQuorum(SortedSet<String> voters) {

    public MajorityQuorum {
        Objects.requireNonNull(voters, "voters");
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
    }

    public static MajorityQuorum of(Collection<String> voters) {
        return new MajorityQuorum(new TreeSet<>(voters));
    }

    /** How many voters make a majority; 0 for an empty voter set, which can never reach it. */
    public int size() {
        return voters.isEmpty() ? 0 : voters.size() / 2 + 1;
    }

    /**
     * The largest index that at least a majority of voters has reached, given each voter's acknowledged index.
     * Returns 0 for an empty voter set.
     */
    public long committedIndex(ToLongFunction<String> acknowledgedIndex) {
        if (voters.isEmpty()) {
            return 0;
        }
        long[] acked = new long[voters.size()];
        int i = 0;
        for (String voter : voters) {
            acked[i++] = acknowledgedIndex.applyAsLong(voter);
        }
        Arrays.sort(acked);
        // ascending order: the majority-th largest value sits this far from the end
        return acked[acked.length - size()];
    }

    /** Counts granted (true) and refused (false) votes; voters missing from the map have not answered. */
    public VoteResult voteResult(Map<String, Boolean> votes) {
        if (voters.isEmpty()) {
            return VoteResult.LOST;
        }
        int granted = 0;
        int missing = 0;
        for (String voter : voters) {
            Boolean vote = votes.get(voter);
            if (vote == null) {
                missing++;
            } else if (vote) {
                granted++;
            }
        }
        if (granted >= size()) {
            return VoteResult.WON;
        }
        return granted + missing >= size() ? VoteResult.PENDING : VoteResult.LOST;
    }

    /** Whether at least a majority of voters satisfy {@code active}. */
    public boolean hasQuorum(Predicate<String> active) {
        if (voters.isEmpty()) {
            return false;
        }
        int count = 0;
        for (String voter : voters) {
            if (active.test(voter)) {
                count++;
            }
        }
        return count >= size();
    }

    public boolean contains(String id) {
        return voters.contains(id);
    }
}
