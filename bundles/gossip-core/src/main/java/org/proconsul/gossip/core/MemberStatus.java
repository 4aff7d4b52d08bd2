package org.proconsul.gossip.core;

/** serf's member status as Consul reports it (`consul members`). */
public enum MemberStatus {
    ALIVE,
    /** a leave intent arrived, the member is still reachable */
    LEAVING,
    /** left gracefully, or force-left; kept until the tombstone timeout */
    LEFT,
    /** declared dead by the failure detector; kept until the reconnect timeout */
    FAILED;

    public String consulName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
