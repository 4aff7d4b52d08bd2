package org.proconsul.gossip.core;

import java.util.Map;

/** Immutable snapshot of one member as `consul members -detailed` shows it. */
public record MemberView(String name, String address, int port, Map<String, String> tags, MemberStatus status,
        long incarnation, int protocolMin, int protocolMax, int protocolCur, int delegateMin, int delegateMax,
        int delegateCur) {
    public MemberView {
        tags = Map.copyOf(tags);
    }
}
