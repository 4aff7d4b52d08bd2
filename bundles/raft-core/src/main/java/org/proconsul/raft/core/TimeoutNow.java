package org.proconsul.raft.core;

/** Sent by a leader handing over leadership: the receiver campaigns at once, skipping pre-vote. */
public record TimeoutNow(String from, String to, long term, String clusterId) implements Message {

    public TimeoutNow {
        Message.checkHeader(from, to, term, clusterId);
    }
}
