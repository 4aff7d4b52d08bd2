package org.proconsul.gossip.core;

import java.util.Map;

/** Who this agent is in the gossip pool: unique node name, advertised "ip:port", and serf tags. */
public record LocalNode(String name, String address, Map<String, String> tags) {
    public LocalNode {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("node name required");
        }
        if (address == null || HostPort.parse(address) == null) {
            throw new IllegalArgumentException("address must be ip:port, got " + address);
        }
        tags = Map.copyOf(tags);
    }
}
