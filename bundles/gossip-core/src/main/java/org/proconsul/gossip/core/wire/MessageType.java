package org.proconsul.gossip.core.wire;

/**
 * Wire type codes. The codes are part of the protocol: a code is never reused or reordered, new messages take
 * the next free code, so mixed-version clusters keep understanding each other.
 */
public enum MessageType {
    PING(0),
    INDIRECT_PING(1),
    ACK(2),
    NACK(3),
    SUSPECT(4),
    ALIVE(5),
    DEAD(6),
    PUSH_PULL(7),
    COMPOUND(8),
    INTENT(9),
    QUERY(10),
    QUERY_RESPONSE(11),
    RELAY(12);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a code, or null for a code this version does not know (the caller drops the packet). */
    public static MessageType fromCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
