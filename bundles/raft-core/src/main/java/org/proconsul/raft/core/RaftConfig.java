package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one {@link RaftCore}. Times are in ticks: the driver decides how long a tick is (Consul's
 * defaults scaled by {@code raft_multiplier}); the core never reads a clock.
 *
 * @param selfId              this server's Raft id (its node id)
 * @param electionTicks       base election timeout; each follower waits a random time in
 *                            [electionTicks, 2 * electionTicks) without hearing from a leader before it
 *                            campaigns. Also the check-quorum window, the vote-refusal window after hearing
 *                            from a leader, and the leadership-transfer deadline.
 * @param heartbeatTicks      how often a leader sends heartbeats; must be below electionTicks
 * @param maxEntriesPerAppend the most entries in one AppendEntries message
 * @param maxBytesPerAppend   the most entry data in one AppendEntries message (one entry goes alone even when
 *                            it is larger), so a run of large values never makes a message too big to send
 * @param maxInflight         the most unacknowledged AppendEntries messages carrying entries per follower
 * @param preVote             ask for pre-votes before bumping the term, so that a server that was cut off
 *                            cannot disrupt a healthy leader when it returns (Raft dissertation §9.6)
 * @param checkQuorum         a leader steps down when it has not heard from a majority within electionTicks;
 *                            also needed for lease reads ({@link RaftCore#leaseValid()})
 */
public record RaftConfig(
        String selfId,
        int electionTicks,
        int heartbeatTicks,
        int maxEntriesPerAppend,
        long maxBytesPerAppend,
        int maxInflight,
        boolean preVote,
        boolean checkQuorum) {

    /** Timings for a 100 ms tick (1 s election timeout), with pre-vote and check-quorum on. */
    public static RaftConfig defaults(String selfId) {
        return new RaftConfig(selfId, 10, 1, 64, 1 << 20, 64, true, true);
    }

    /** Problems with {@code config}, each naming the field and its value; empty when it is usable. */
    public static List<String> validate(RaftConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.selfId == null || config.selfId.isBlank()) {
            problems.add("selfId must not be blank");
        }
        if (config.heartbeatTicks < 1) {
            problems.add("heartbeatTicks must be at least 1, was " + config.heartbeatTicks);
        }
        if (config.electionTicks <= config.heartbeatTicks) {
            problems.add("electionTicks (" + config.electionTicks + ") must be greater than heartbeatTicks ("
                    + config.heartbeatTicks + ")");
        }
        if (config.electionTicks > 1_000_000) {
            problems.add("electionTicks must be at most 1000000, was " + config.electionTicks);
        }
        if (config.maxEntriesPerAppend < 1) {
            problems.add("maxEntriesPerAppend must be at least 1, was " + config.maxEntriesPerAppend);
        }
        if (config.maxBytesPerAppend < 1) {
            problems.add("maxBytesPerAppend must be at least 1, was " + config.maxBytesPerAppend);
        }
        if (config.maxInflight < 1) {
            problems.add("maxInflight must be at least 1, was " + config.maxInflight);
        }
        return problems;
    }

    /** Same as {@link #validate(RaftConfig)} on this instance. */
    public List<String> validate() {
        return validate(this);
    }
}
