package org.proconsul.raft.core;

/**
 * Asks for a vote (or, with {@code preVote}, whether a vote would be granted) in {@code term}. A pre-vote
 * carries the term the candidate would campaign in without the candidate having moved to it. The
 * {@code leadershipTransfer} flag marks a campaign started by {@link TimeoutNow}: voters then grant even while
 * they still hear from the current leader, since that leader asked for the election.
 */
public record RequestVote(String from, String to, long term, String clusterId, long lastLogIndex,
                          long lastLogTerm, boolean preVote, boolean leadershipTransfer) implements Message {

    public RequestVote {
        Message.checkHeader(from, to, term, clusterId);
    }
}
