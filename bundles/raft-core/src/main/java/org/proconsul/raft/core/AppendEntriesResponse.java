package org.proconsul.raft.core;

/**
 * Answer to an {@link AppendEntries} or {@link InstallSnapshot}. On success, {@code matchIndex} is the last
 * index known to match the leader's log. On rejection, {@code rejectedIndex} is the refused prevIndex and
 * ({@code hintIndex}, {@code hintTerm}) is the follower's last entry at or below it whose term is not above the
 * refused prevTerm, which lets the leader skip a whole conflicting term per round trip.
 */
public record AppendEntriesResponse(String from, String to, long term, String clusterId, boolean success,
                                    long matchIndex, long rejectedIndex, long hintIndex, long hintTerm)
        implements Message {

    public AppendEntriesResponse {
        Message.checkHeader(from, to, term, clusterId);
    }
}
