package org.proconsul.gossip.core.wire;

/** Result of decoding a frame: a message, or a rejection naming why. Decoding never throws. */
public sealed interface Decoded {

    record Accepted(Message message) implements Decoded {
    }

    record Rejected(DropReason reason, String detail) implements Decoded {
    }
}
