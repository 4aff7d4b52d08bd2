package org.proconsul.gossip.core;

/** A membership change for the agent (catalog registration, Raft membership, `consul monitor`). */
public record MemberEvent(Type type, MemberView member, long lamportTime) {

    public enum Type {
        JOIN,
        /** tags (or address of a rejoining member) changed */
        UPDATE,
        /** left gracefully or was force-left */
        LEAVE,
        FAILED,
        /** erased from the member list: reconnect/tombstone timeout passed, or force-leave -prune */
        REAP
    }
}
