package org.proconsul.api.membership;

/** Serf member states with the integer codes Consul's API uses. */
public enum MemberStatus {
    NONE(0), ALIVE(1), LEAVING(2), LEFT(3), FAILED(4);

    private final int code;

    MemberStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
