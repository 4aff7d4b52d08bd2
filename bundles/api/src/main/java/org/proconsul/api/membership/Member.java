package org.proconsul.api.membership;

import java.util.Map;

/** One member of a gossip pool as {@code /v1/agent/members} shows it. */
public record Member(String name, String address, int port, Map<String, String> tags, MemberStatus status,
        int protocolMin, int protocolMax, int protocolCur, int delegateMin, int delegateMax, int delegateCur) {
    public Member {
        tags = Map.copyOf(tags);
    }
}
