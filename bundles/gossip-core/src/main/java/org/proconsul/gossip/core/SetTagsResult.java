package org.proconsul.gossip.core;

/** Outcome of {@link GossipCore#setTags}. */
public enum SetTagsResult {
    APPLIED,
    /** encoded tags exceed the 512-byte bound that lets an alive message fit a datagram */
    TOO_LARGE
}
