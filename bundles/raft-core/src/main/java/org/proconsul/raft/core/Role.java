package org.proconsul.raft.core;

/** The Raft role of a server. */
public enum Role {
    FOLLOWER,
    /** Asking for pre-votes: the term is not bumped until a majority says an election could win. */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
