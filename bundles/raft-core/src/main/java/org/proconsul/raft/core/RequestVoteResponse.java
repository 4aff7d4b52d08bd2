package org.proconsul.raft.core;

/**
 * Answer to a {@link RequestVote}. A granted pre-vote carries the term that was asked for; every other answer
 * carries the voter's own term.
 */
public record RequestVoteResponse(String from, String to, long term, String clusterId, boolean preVote,
                                  boolean granted) implements Message {

    public RequestVoteResponse {
        Message.checkHeader(from, to, term, clusterId);
    }
}
