package org.proconsul.server.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.api.autopilot.AutopilotConfiguration;

/**
 * Autopilot's decisions as pure functions of the cluster's facts, the settings and the clock, so each
 * rule is tested on its own: server health, stability, which non-voters to promote, which dead servers
 * to remove and how many at most.
 */
final class AutopilotRules {

    private AutopilotRules() {
    }

    /**
     * Healthy: the leader's figures are known; alive in gossip; heard from the leader within the
     * threshold; on the leader's term; no more than MaxTrailingLogs behind the leader's last index.
     */
    static boolean healthy(ServerFacts s, long leaderTerm, long leaderLastIndex, AutopilotConfiguration config) {
        if (leaderTerm == 0 || leaderLastIndex == 0) {
            return false;
        }
        if (s.nodeStatus() != ServerFacts.NodeStatus.ALIVE) {
            return false;
        }
        if (s.lastContactMillis() < 0 || s.lastContactMillis() > config.lastContactThreshold().toMillis()) {
            return false;
        }
        if (s.lastTerm() != leaderTerm) {
            return false;
        }
        return s.lastIndex() + config.maxTrailingLogs() >= leaderLastIndex;
    }

    /** The next state: a server's StableSince moves to {@code now} when it first appears or its verdict flips. */
    static AutopilotState next(AutopilotState previous, List<ServerFacts> servers, long leaderTerm,
            long leaderLastIndex, AutopilotConfiguration config, long now) {
        Map<String, ServerHealth> health = new TreeMap<>();
        String leaderId = "";
        for (ServerFacts s : servers) {
            boolean ok = healthy(s, leaderTerm, leaderLastIndex, config);
            ServerHealth before = previous.servers().get(s.id());
            long since = before != null && before.healthy() == ok ? before.stableSinceMillis() : now;
            health.put(s.id(), new ServerHealth(s, ok, since));
            if (s.leader()) {
                leaderId = s.id();
            }
        }
        List<ServerHealth> voters = new ArrayList<>();
        for (ServerHealth h : health.values()) {
            if (h.facts().voter() || h.facts().leader()) {
                voters.add(h);
            }
        }
        voters.sort(Comparator.comparing((ServerHealth h) -> !h.facts().leader())
                .thenComparing(h -> !h.healthy())
                .thenComparingLong(ServerHealth::stableSinceMillis)
                .thenComparing(h -> h.facts().id()));
        long healthyVoters = voters.stream().filter(ServerHealth::healthy).count();
        int tolerance = (int) Math.max(0, healthyVoters - (voters.size() / 2 + 1));
        boolean allHealthy = !health.isEmpty() && health.values().stream().allMatch(ServerHealth::healthy);
        return new AutopilotState(allHealthy, tolerance, leaderId, voters.stream().map(h -> h.facts().id()).toList(),
                new LinkedHashMap<>(health), now);
    }

    /**
     * Non-voters healthy for at least the stabilization time, which is waived while autopilot itself has
     * run for less than that (a fresh leader has no history to wait on).
     */
    static List<String> promotions(AutopilotState state, AutopilotConfiguration config, long now, long startedAt) {
        long wait = now - startedAt < config.serverStabilizationTime().toMillis() ? 0
                : config.serverStabilizationTime().toMillis();
        List<String> promote = new ArrayList<>();
        for (ServerHealth h : state.servers().values()) {
            if (!h.facts().voter() && !h.facts().leader() && h.healthy() && now - h.stableSinceMillis() >= wait) {
                promote.add(h.facts().id());
            }
        }
        return promote;
    }

    /**
     * Dead servers to remove from Raft, in order: servers gossip does not know (non-voters, then voters),
     * then servers gossip reports failed or left (non-voters, then voters). At most (voters − 1) / 2 voters
     * go in one pass, and none when that would leave fewer voters than MinQuorum; non-voters always may.
     */
    static List<String> removals(List<ServerFacts> servers, java.util.Set<String> knownToGossip,
            AutopilotConfiguration config) {
        if (!config.cleanupDeadServers()) {
            return List.of();
        }
        List<ServerFacts> staleNonVoters = new ArrayList<>();
        List<ServerFacts> staleVoters = new ArrayList<>();
        List<ServerFacts> failedNonVoters = new ArrayList<>();
        List<ServerFacts> failedVoters = new ArrayList<>();
        int voters = 0;
        for (ServerFacts s : servers) {
            boolean voter = s.voter() || s.leader();
            if (voter) {
                voters++;
            }
            if (s.leader()) {
                continue;
            }
            if (!knownToGossip.contains(s.id())) {
                (voter ? staleVoters : staleNonVoters).add(s);
            } else if (s.nodeStatus() == ServerFacts.NodeStatus.FAILED || s.nodeStatus() == ServerFacts.NodeStatus.LEFT) {
                (voter ? failedVoters : failedNonVoters).add(s);
            }
        }
        List<String> remove = new ArrayList<>();
        int maxVoterRemovals = (voters - 1) / 2;
        int votersLeft = voters;
        for (List<ServerFacts> group : List.of(staleNonVoters, staleVoters, failedNonVoters, failedVoters)) {
            group.sort(Comparator.comparing(ServerFacts::id));
            for (ServerFacts s : group) {
                if (s.voter()) {
                    if (votersLeft - 1 < config.minQuorum() || maxVoterRemovals < 1) {
                        continue;
                    }
                    maxVoterRemovals--;
                    votersLeft--;
                }
                remove.add(s.id());
            }
        }
        return remove;
    }
}
