package org.proconsul.gossip.core;

/**
 * The one probe in flight: direct ping sent at {@code startedAt}; after {@code timeoutMillis} without ack the
 * indirect pings and the TCP fallback go out; after {@code intervalMillis} without any ack the target is
 * suspected. Both durations are already scaled by local health.
 */
final class ProbeRound {
    final String target;
    final String targetAddress;
    final int seq;
    final long startedAt;
    final long timeoutMillis;
    final long intervalMillis;
    boolean indirectSent;
    int expectedNacks;
    int nacks;

    ProbeRound(String target, String targetAddress, int seq, long startedAt, long timeoutMillis, long intervalMillis) {
        this.target = target;
        this.targetAddress = targetAddress;
        this.seq = seq;
        this.startedAt = startedAt;
        this.timeoutMillis = timeoutMillis;
        this.intervalMillis = intervalMillis;
    }
}
