package org.proconsul.api.rpc;

/**
 * The one-way channels. Each gets its own connection per peer: a snapshot chunk never delays a
 * heartbeat. The wire code is the first byte of the connection and never changes.
 */
public enum MessageChannel {
    RAFT(2),
    SNAPSHOT(3);

    private final int code;

    MessageChannel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The channel for a connection's first byte, or null. */
    public static MessageChannel fromCode(int code) {
        for (MessageChannel c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
