package org.proconsul.server.internal;

/** A server's facts with autopilot's verdict and the time (epoch millis) its verdict last changed. */
record ServerHealth(ServerFacts facts, boolean healthy, long stableSinceMillis) {

    /** Consul's Status: leader, voter or non-voter. */
    String status() {
        return facts.leader() ? "leader" : facts.voter() ? "voter" : "non-voter";
    }
}
