package org.proconsul.server.internal;

/**
 * What autopilot knows of one server of the Raft configuration at one moment: its vote, what gossip says
 * of it, and its replication figures as the leader sees them ({@code lastContactMillis < 0}: unknown).
 */
record ServerFacts(String id, String name, String address, boolean voter, boolean leader, NodeStatus nodeStatus,
        long lastContactMillis, long lastTerm, long lastIndex) {

    /** A server's standing in gossip, in autopilot's words; {@code LEFT} also covers "not in gossip at all". */
    enum NodeStatus {
        ALIVE("alive"), FAILED("failed"), LEFT("left"), UNKNOWN("unknown");

        private final String text;

        NodeStatus(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }
}
