package org.proconsul.gossip.core.wire;

/** Why an inbound packet or stream was dropped; counted per reason and logged, never thrown. */
public enum DropReason {
    EMPTY("empty payload"),
    BAD_VERSION("unsupported wire version"),
    LABEL_MISMATCH("cluster label mismatch"),
    TRUNCATED("truncated message"),
    OVERSIZED("message exceeds size bound"),
    UNKNOWN_TYPE("unknown message type"),
    MALFORMED("malformed field"),
    NESTED_COMPOUND("compound inside compound"),
    TRAILING_BYTES("trailing bytes after message"),
    WRONG_TARGET("ping addressed to another node"),
    UNEXPECTED("message not valid on this channel"),
    ADDRESS_CONFLICT("node name claimed from a different address");

    private final String text;

    DropReason(String text) {
        this.text = text;
    }

    /** Operator-facing wording used in log lines. */
    public String text() {
        return text;
    }
}
