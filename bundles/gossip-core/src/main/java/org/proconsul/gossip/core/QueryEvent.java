package org.proconsul.gossip.core;

/** Query traffic for the driver: requests to answer, and acks, responses and completion of our own queries. */
public sealed interface QueryEvent {

    /**
     * A query reached this node. Answer with {@link GossipCore#respond(long, byte[], long)} using {@code token}
     * before {@code deadline}; not answering is fine (the originator only sees the ack).
     */
    record Received(long token, String name, byte[] payload, String fromNode, long lamportTime, long deadline)
            implements QueryEvent {
    }

    record Ack(long queryId, String fromNode) implements QueryEvent {
    }

    record Response(long queryId, String fromNode, byte[] payload) implements QueryEvent {
    }

    /** The query's timeout passed; no more acks or responses are delivered for it. */
    record Finished(long queryId, int acks, int responses) implements QueryEvent {
    }
}
