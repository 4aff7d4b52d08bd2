package org.proconsul.raft.core.quorum;

/** Outcome of counting the votes received so far in an election or pre-election. */
public enum VoteResult {
    /** A majority of voters granted. */
    WON,
    /** Enough voters refused that a majority can no longer be reached. */
    LOST,
    /** Neither yet: some voters have not answered. */
    PENDING
}
