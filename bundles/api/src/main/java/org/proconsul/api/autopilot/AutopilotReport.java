package org.proconsul.api.autopilot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Autopilot's view of the servers, as {@code /v1/operator/autopilot/state} and {@code /health} show it.
 * {@code voters} is in Consul's order (leader first); {@code servers} is sorted by id.
 */
public record AutopilotReport(boolean healthy, int failureTolerance, String leaderId, List<String> voters,
        List<Server> servers) {

    public static final AutopilotReport EMPTY = new AutopilotReport(false, 0, "", List.of(), List.of());

    public AutopilotReport {
        voters = List.copyOf(voters);
        servers = List.copyOf(servers);
    }

    /**
     * One server: {@code nodeStatus} is alive, failed, left or unknown; {@code status} leader, voter or
     * non-voter; {@code lastContactMs} -1 when never heard of.
     */
    public record Server(String id, String name, String address, String nodeStatus, String version,
            long lastContactMs, long lastTerm, long lastIndex, boolean healthy, Instant stableSince, String status,
            Map<String, String> meta) {

        public Server {
            meta = Map.copyOf(meta);
        }
    }
}
