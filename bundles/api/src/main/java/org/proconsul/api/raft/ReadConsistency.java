package org.proconsul.api.raft;

/** Consul's read consistency modes. */
public enum ReadConsistency {
    /** Served by the leader while its lease holds. */
    DEFAULT,
    /** The leader confirms leadership with a quorum first (read index). */
    CONSISTENT,
    /** Any server answers from its own state, leader or not. */
    STALE
}
