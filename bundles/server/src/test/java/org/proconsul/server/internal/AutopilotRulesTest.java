package org.proconsul.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.server.internal.ServerFacts.NodeStatus;

class AutopilotRulesTest {
    private static final AutopilotConfiguration DEFAULTS = AutopilotConfiguration.DEFAULTS;
    private static final long TERM = 7;
    private static final long LAST = 1000;

    private static ServerFacts server(String id, boolean voter, NodeStatus status, long contactMs, long term, long index) {
        return new ServerFacts(id, "node-" + id, "127.0.0.1:8300", voter, false, status, contactMs, term, index);
    }

    private static ServerFacts healthyVoter(String id) {
        return server(id, true, NodeStatus.ALIVE, 10, TERM, LAST);
    }

    private static ServerFacts leader(String id) {
        return new ServerFacts(id, "node-" + id, "127.0.0.1:8300", true, true, NodeStatus.ALIVE, 0, TERM, LAST);
    }

    private static AutopilotConfiguration with(boolean cleanup, long minQuorum, Duration stabilization) {
        return new AutopilotConfiguration(cleanup, DEFAULTS.lastContactThreshold(), DEFAULTS.maxTrailingLogs(),
                minQuorum, stabilization, "", false, "");
    }

    @Test
    void healthNeedsEveryConditionOfConsulsRule() {
        assertTrue(AutopilotRules.healthy(healthyVoter("a"), TERM, LAST, DEFAULTS));
        assertFalse(AutopilotRules.healthy(healthyVoter("a"), 0, LAST, DEFAULTS), "leader term unknown");
        assertFalse(AutopilotRules.healthy(healthyVoter("a"), TERM, 0, DEFAULTS), "leader index unknown");
        assertFalse(AutopilotRules.healthy(server("a", true, NodeStatus.FAILED, 10, TERM, LAST), TERM, LAST, DEFAULTS));
        assertFalse(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, 201, TERM, LAST), TERM, LAST, DEFAULTS),
                "contact older than the 200ms threshold");
        assertTrue(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, 200, TERM, LAST), TERM, LAST, DEFAULTS));
        assertFalse(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, -1, TERM, LAST), TERM, LAST, DEFAULTS),
                "never heard of");
        assertFalse(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, 10, TERM - 1, LAST), TERM, LAST, DEFAULTS));
        assertTrue(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, 10, TERM, LAST - 250), TERM, LAST, DEFAULTS),
                "exactly MaxTrailingLogs behind");
        assertFalse(AutopilotRules.healthy(server("a", true, NodeStatus.ALIVE, 10, TERM, LAST - 251), TERM, LAST, DEFAULTS));
    }

    @Test
    void stableSinceMovesOnlyWhenTheVerdictFlipsAndToleranceCountsHealthyVoters() {
        List<ServerFacts> five = new ArrayList<>(List.of(leader("a"), healthyVoter("b"), healthyVoter("c"),
                healthyVoter("d"), healthyVoter("e")));
        AutopilotState s1 = AutopilotRules.next(AutopilotState.EMPTY, five, TERM, LAST, DEFAULTS, 1_000);
        assertTrue(s1.healthy());
        assertEquals(2, s1.failureTolerance());
        assertEquals("a", s1.leaderId());
        assertEquals("a", s1.voters().get(0), "the leader comes first");

        five.set(4, server("e", true, NodeStatus.FAILED, 5_000, TERM, LAST - 10));
        AutopilotState s2 = AutopilotRules.next(s1, five, TERM, LAST, DEFAULTS, 3_000);
        assertFalse(s2.healthy());
        assertEquals(1, s2.failureTolerance());
        assertEquals(1_000, s2.servers().get("b").stableSinceMillis(), "unchanged verdict keeps its time");
        assertEquals(3_000, s2.servers().get("e").stableSinceMillis(), "a flip restarts it");
        assertEquals("e", s2.voters().get(4), "unhealthy voters sort last");

        five.set(3, server("d", true, NodeStatus.FAILED, 5_000, TERM, LAST - 10));
        assertEquals(0, AutopilotRules.next(s2, five, TERM, LAST, DEFAULTS, 5_000).failureTolerance());
    }

    @Test
    void nonVotersArePromotedOnceStableButNotBeforeUnlessAutopilotIsYoung() {
        AutopilotConfiguration config = with(true, 0, Duration.ofSeconds(10));
        List<ServerFacts> servers = List.of(leader("a"), healthyVoter("b"),
                server("n", false, NodeStatus.ALIVE, 10, TERM, LAST),
                server("sick", false, NodeStatus.ALIVE, 10, TERM, LAST - 900));
        AutopilotState state = AutopilotRules.next(AutopilotState.EMPTY, servers, TERM, LAST, config, 100_000);
        assertEquals(List.of(), AutopilotRules.promotions(state, config, 105_000, 0), "healthy 5 s of 10");
        assertEquals(List.of("n"), AutopilotRules.promotions(state, config, 110_000, 0));
        assertEquals(List.of("n"), AutopilotRules.promotions(state, config, 100_001, 95_000),
                "a leader of 5 s waives the wait");
    }

    private static Set<String> ids(List<ServerFacts> servers) {
        return servers.stream().map(ServerFacts::id).collect(Collectors.toSet());
    }

    @Test
    void fiveLoseTwoThenOneMoreAndTheClusterKeepsAQuorum() {
        // S7: five voters, two fail: both go (at most (5-1)/2 = 2 per pass)
        List<ServerFacts> five = List.of(leader("a"), healthyVoter("b"), healthyVoter("c"),
                server("d", true, NodeStatus.FAILED, -1, TERM, 10), server("e", true, NodeStatus.FAILED, -1, TERM, 10));
        assertEquals(List.of("d", "e"), AutopilotRules.removals(five, ids(five), DEFAULTS));
        // three left, one more fails: (3-1)/2 = 1 may go, and two servers are a quorum of two
        List<ServerFacts> three = List.of(leader("a"), healthyVoter("b"), server("c", true, NodeStatus.FAILED, -1, TERM, 10));
        assertEquals(List.of("c"), AutopilotRules.removals(three, ids(three), DEFAULTS));
        // three of five failing at once: still at most two per pass
        List<ServerFacts> threeDead = List.of(leader("a"), healthyVoter("b"),
                server("c", true, NodeStatus.FAILED, -1, TERM, 10), server("d", true, NodeStatus.FAILED, -1, TERM, 10),
                server("e", true, NodeStatus.FAILED, -1, TERM, 10));
        assertEquals(List.of("c", "d"), AutopilotRules.removals(threeDead, ids(threeDead), DEFAULTS));
    }

    @Test
    void minQuorumStaleFirstNonVotersFreelyAndNothingWhenCleanupIsOff() {
        List<ServerFacts> servers = List.of(leader("a"), healthyVoter("b"), healthyVoter("c"),
                server("d", true, NodeStatus.FAILED, -1, TERM, 10), server("e", true, NodeStatus.LEFT, -1, TERM, 10),
                server("gone", true, NodeStatus.LEFT, -1, TERM, 10),
                server("n1", false, NodeStatus.FAILED, -1, TERM, 10), server("n2", false, NodeStatus.LEFT, -1, TERM, 10));
        Set<String> known = ids(servers);
        known.remove("gone"); // in Raft, unknown to gossip: stale
        known.remove("n2");
        assertEquals(List.of("n2", "gone", "n1", "d"), AutopilotRules.removals(servers, known, DEFAULTS),
                "stale non-voters, stale voters, failed non-voters, failed voters; two voters of six at most");
        assertEquals(List.of("n2", "n1"), AutopilotRules.removals(servers, known, with(true, 6, Duration.ZERO)),
                "MinQuorum 6 keeps every voter");
        assertEquals(List.of("n2", "gone", "n1"), AutopilotRules.removals(servers, known, with(true, 5, Duration.ZERO)));
        assertEquals(List.of(), AutopilotRules.removals(servers, known, with(false, 0, Duration.ZERO)));
        assertEquals(List.of(), AutopilotRules.removals(List.of(leader("a")), Set.of(), DEFAULTS),
                "the leader itself is never removed");
    }
}
