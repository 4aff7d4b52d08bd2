package org.proconsul.raft.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's settings, validated once. Consul's Raft timings (1 s heartbeat and election timeout,
 * leader heartbeats ten times per timeout) scaled by {@code performance.raft_multiplier}.
 */
record RaftSettings(String nodeId, String address, boolean bootstrap, Duration tick, int electionTicks,
        int heartbeatTicks, Duration holdTimeout, long snapshotThreshold, long trailingLogs,
        Duration snapshotInterval, org.proconsul.raft.core.Configuration recovery) {

    static final Duration TICK = Duration.ofMillis(50);

    static RaftSettings consul(String nodeId, String address, boolean bootstrap, int raftMultiplier,
            Duration holdTimeout) {
        List<String> problems = new ArrayList<>();
        if (raftMultiplier < 1 || raftMultiplier > 10) {
            problems.add("raftMultiplier must be between 1 and 10, was " + raftMultiplier);
        }
        if (nodeId == null || nodeId.isBlank()) {
            problems.add("nodeId must be set");
        }
        if (address == null || address.isBlank()) {
            problems.add("address must be set");
        }
        if (holdTimeout.isNegative()) {
            problems.add("rpcHoldTimeout must not be negative, was " + holdTimeout);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("raft: invalid configuration: " + String.join("; ", problems));
        }
        int election = (int) (Duration.ofSeconds(1).toMillis() * raftMultiplier / TICK.toMillis());
        return new RaftSettings(nodeId, address, bootstrap, TICK, election, Math.max(1, election / 10), holdTimeout,
                16384, 10240, Duration.ofSeconds(30), null);
    }

    /** Consul's raft_snapshot_threshold, raft_trailing_logs and raft_snapshot_interval. */
    RaftSettings withSnapshots(long threshold, long trailing, Duration interval) {
        if (threshold < 1 || trailing < 0 || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("raft: snapshotThreshold must be >= 1, trailingLogs >= 0 and"
                    + " snapshotInterval positive, were " + threshold + ", " + trailing + " and " + interval);
        }
        return new RaftSettings(nodeId, address, bootstrap, tick, electionTicks, heartbeatTicks, holdTimeout, threshold,
                trailing, interval, recovery);
    }

    /**
     * peers.json recovery: at start the log and the newest snapshot are folded into a snapshot whose
     * configuration is exactly {@code configuration}; null when there is nothing to recover.
     */
    RaftSettings withRecovery(org.proconsul.raft.core.Configuration configuration) {
        return new RaftSettings(nodeId, address, bootstrap, tick, electionTicks, heartbeatTicks, holdTimeout,
                snapshotThreshold, trailingLogs, snapshotInterval, configuration);
    }
}
