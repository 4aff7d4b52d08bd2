package org.proconsul.gossip.core.wire;

import java.util.Map;

/**
 * One member as carried in a push/pull exchange: what the sender believes about the member's SWIM state,
 * plus the serf status Lamport time so the receiver can order join and leave intents.
 */
public record NodeState(String name, String address, Map<String, String> tags, long incarnation, SwimState state,
        long statusLamportTime, boolean leftIntent, Versions versions) {
    public NodeState {
        tags = Map.copyOf(tags);
    }
}
