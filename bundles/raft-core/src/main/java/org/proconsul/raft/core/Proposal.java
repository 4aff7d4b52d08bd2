package org.proconsul.raft.core;

/**
 * Result of {@link RaftCore#propose} and {@link RaftCore#proposeConfigChange}. {@link Accepted} only means the
 * entry was appended to the leader's log: it is committed when a later {@link Ready#committed()} list delivers
 * an entry with the same index and term, and lost if the entry delivered at that index has another term.
 */
public sealed interface Proposal permits Proposal.Accepted, Proposal.NotLeader, Proposal.Rejected {

    /** Appended at {@code index} in {@code term}. */
    record Accepted(long index, long term) implements Proposal {
    }

    /** This server is not the leader; {@code leaderId} is the leader it knows, or null. */
    record NotLeader(String leaderId) implements Proposal {
    }

    /** The leader refused, for the reason given (a transfer or configuration change in progress, …). */
    record Rejected(String reason) implements Proposal {
    }
}
