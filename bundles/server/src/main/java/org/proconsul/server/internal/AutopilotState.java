package org.proconsul.server.internal;

import java.util.List;
import java.util.Map;

/**
 * Autopilot's view of the servers: Healthy when every server is, FailureTolerance = healthy voters beyond
 * a quorum. {@code voters} is in Consul's order (leader first, then healthy and longest-stable voters).
 */
record AutopilotState(boolean healthy, int failureTolerance, String leaderId, List<String> voters,
        Map<String, ServerHealth> servers, long builtAtMillis) {

    static final AutopilotState EMPTY = new AutopilotState(false, 0, "", List.of(), Map.of(), 0);
}
