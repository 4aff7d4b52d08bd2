package org.proconsul.gossip.core;

/** Outcome of {@link GossipCore#forceLeave}. */
public enum ForceLeaveResult {
    /** no member by that name; Consul ignores it */
    UNKNOWN_NODE,
    /** the member is alive or leaving: the intent is still broadcast, and a live member will refute it */
    NOT_FAILED,
    /** the failed (or left) member is now left; with prune it is erased from the list too */
    DONE
}
