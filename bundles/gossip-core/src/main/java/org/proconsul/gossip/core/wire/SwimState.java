package org.proconsul.gossip.core.wire;

/** The failure detector's view of a member (memberlist's states). Codes are on the wire and fixed. */
public enum SwimState {
    ALIVE(0),
    SUSPECT(1),
    DEAD(2),
    LEFT(3);

    private final int code;

    SwimState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static SwimState fromCode(int code) {
        for (SwimState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
