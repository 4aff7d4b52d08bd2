package org.proconsul.gossip.core;

/**
 * What the driver must send. Bytes are plaintext frames; the driver encrypts them with the primary key.
 */
public sealed interface Outbound {

    /** One UDP datagram; loss is tolerated, so the driver may drop it on any error without telling the core. */
    record Packet(String toAddress, byte[] bytes) implements Outbound {
    }

    /**
     * Open a TCP connection, write {@code bytes}, read one reply frame and hand it to
     * {@link GossipCore#receiveStreamReply}; on connect, write or read failure (or the stream timeout) call
     * {@link GossipCore#streamFailed}.
     */
    record StreamRequest(String toAddress, byte[] bytes, StreamPurpose purpose) implements Outbound {
    }
}
