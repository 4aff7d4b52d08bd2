package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autopilot with real servers on 127.0.0.92–95 and default settings (S5, S6): three servers report
 * healthy with a failure tolerance of one; a fourth joins as a non-voter and is promoted once stable
 * (ServerStabilizationTime, 10 s); a server killed with {@code kill -9} turns unhealthy, then autopilot
 * removes it from Raft, and the cluster keeps serving. Prints both times (the measurements).
 */
class S6AutopilotIT {
    private static final String[] IPS = {"127.0.0.92", "127.0.0.93", "127.0.0.94", "127.0.0.95"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[IPS.length];

    private AgentProcess start(int i, boolean bootstrap) throws Exception {
        List<String> args = new ArrayList<>(List.of("-server", "-node", "s" + (i + 1), "-bind", IPS[i],
                "-client", IPS[i], "-data-dir", tmp.resolve("s" + (i + 1)).toString(), "-retry-join", IPS[0],
                "-retry-join", IPS[1], "-retry-interval", "1s"));
        if (bootstrap) {
            args.add("-bootstrap-expect=3");
        }
        servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", args);
        return servers[i];
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(servers);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    /** Polls a server's JSON until the predicate holds; returns the answer that satisfied it. */
    private static JsonNode await(int via, String path, Duration timeout, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = Http.get(url(via, path));
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 || r.statusCode() == 429) {
                    JsonNode json = Http.json(r);
                    if (done.test(json)) {
                        return json;
                    }
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " via " + IPS[via] + " never got there; last: " + last);
    }

    private static JsonNode serverNamed(JsonNode raftConfiguration, String node) {
        for (JsonNode s : raftConfiguration.get("Servers")) {
            if (s.get("Node").asText().equals(node)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void S6_healthPromotionAndDeadServerCleanup() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i, true);
        }
        LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        long elected = System.nanoTime();

        // S6: every server healthy, one failure tolerated; a follower answers by asking the leader
        JsonNode health = await(2, "/v1/operator/autopilot/health", Duration.ofSeconds(30),
                h -> h.get("Healthy").asBoolean() && h.get("Servers").size() == 3);
        assertEquals(1, health.get("FailureTolerance").asInt());
        for (JsonNode s : health.get("Servers")) {
            assertEquals("alive", s.get("SerfStatus").asText());
            assertTrue(s.get("Voter").asBoolean());
        }
        ConsulCliRun state = ConsulCliRun.run(IPS[1] + ":8500", "operator", "autopilot", "state");
        assertEquals(0, state.exit(), state.err());
        assertTrue(state.out().startsWith("Healthy:                      true\nFailure Tolerance:            1\n"),
                state.out());
        assertTrue(state.out().contains("      Name:            s1\n      Address:         127.0.0.92:8300\n"),
                state.out());
        JsonNode stateJson = Http.json(Http.get(url(0, "/v1/operator/autopilot/state")));
        assertEquals(3, stateJson.get("Voters").size());
        assertEquals(stateJson.get("Leader").asText(), stateJson.get("Voters").get(0).asText(), "leader first");

        // S5: a new server enters as a non-voter and votes once it has been healthy for 10 s (a leader
        // younger than that waives the wait, as Consul's does, so the test lets it grow older first)
        Thread.sleep(Math.max(0, 11_000 - (System.nanoTime() - elected) / 1_000_000));
        long joinStarted = System.nanoTime();
        start(3, false);
        await(0, "/v1/operator/raft/configuration", Duration.ofSeconds(60), c -> {
            JsonNode s4 = serverNamed(c, "s4");
            return s4 != null && !s4.get("Voter").asBoolean();
        });
        long nonVoterSeen = System.nanoTime();
        await(0, "/v1/operator/raft/configuration", Duration.ofSeconds(60), c -> {
            JsonNode s4 = serverNamed(c, "s4");
            return s4 != null && s4.get("Voter").asBoolean();
        });
        long promotedMs = (System.nanoTime() - joinStarted) / 1_000_000;
        long asNonVoterMs = (System.nanoTime() - nonVoterSeen) / 1_000_000;
        System.out.println("AUTOPILOT promotion_ms=" + promotedMs + " (new server start to voter)");
        assertTrue(asNonVoterMs >= 9_500, "promoted only after ServerStabilizationTime, was a non-voter for "
                + asNonVoterMs + " ms");

        // S7 with four: kill -9 one; it turns unhealthy, then autopilot removes it ((4-1)/2 = 1 may go)
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2, 3), Duration.ofSeconds(30));
        int victim = leader == 2 ? 1 : 2;
        int survivor = victim == 0 || leader == 0 ? (victim == 1 || leader == 1 ? 3 : 1) : 0;
        String victimNode = "s" + (victim + 1);
        long killed = System.nanoTime();
        servers[victim].kill9();
        await(survivor, "/v1/operator/autopilot/health", Duration.ofSeconds(30), h -> !h.get("Healthy").asBoolean());
        await(survivor, "/v1/operator/raft/configuration", Duration.ofSeconds(60),
                c -> serverNamed(c, victimNode) == null && c.get("Servers").size() == 3);
        long removedMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("AUTOPILOT dead_server_removed_ms=" + removedMs + " (kill -9 to removal from Raft)");
        await(survivor, "/v1/operator/autopilot/health", Duration.ofSeconds(30),
                h -> h.get("Healthy").asBoolean() && h.get("Servers").size() == 3);
        assertEquals("true", Http.put(url(survivor, "/v1/kv/after-cleanup"), "ok").body());

        // with cleanup off, a dead server stays until an operator removes it, through any server
        ConsulCliRun off = ConsulCliRun.run(IPS[survivor] + ":8500", "operator", "autopilot", "set-config",
                "-cleanup-dead-servers=false");
        assertEquals("Configuration updated!\n", off.out(), off.err());
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < IPS.length; i++) {
            if (i != victim) {
                alive.add(i);
            }
        }
        leader = LeaderAgreement.await(IPS, alive, Duration.ofSeconds(30));
        int second = -1;
        int asker = -1;
        for (int i : alive) {
            if (i != leader && second < 0) {
                second = i;
            } else if (i != leader) {
                asker = i;
            }
        }
        String secondNode = "s" + (second + 1);
        String secondId = serverNamed(Http.json(Http.get(url(asker, "/v1/operator/raft/configuration"))), secondNode)
                .get("ID").asText();
        servers[second].kill9();
        await(asker, "/v1/operator/autopilot/health", Duration.ofSeconds(30), h -> !h.get("Healthy").asBoolean());
        Thread.sleep(12_000); // a reconcile pass, at least
        assertTrue(serverNamed(Http.json(Http.get(url(asker, "/v1/operator/raft/configuration"))), secondNode) != null,
                "autopilot left the dead server alone");

        ConsulCliRun unknown = ConsulCliRun.run(IPS[asker] + ":8500", "operator", "raft", "remove-peer", "-id=nope");
        assertEquals(1, unknown.exit());
        assertEquals("Error removing peer: Unexpected response code: 500 (id \"nope\" was not found in the Raft"
                + " configuration)\n", unknown.err());
        ConsulCliRun neither = ConsulCliRun.run(IPS[asker] + ":8500", "operator", "raft", "remove-peer");
        assertEquals("Error removing peer: an address or id is required for the peer to remove\n", neither.err());
        assertEquals(400, Http.delete(url(asker, "/v1/operator/raft/peer")).statusCode());

        ConsulCliRun removed = ConsulCliRun.run(IPS[asker] + ":8500", "operator", "raft", "remove-peer",
                "-id=" + secondId);
        assertEquals(0, removed.exit(), removed.err());
        assertEquals("Removed peer with id \"" + secondId + "\"\n", removed.out());
        await(asker, "/v1/operator/raft/configuration", Duration.ofSeconds(30),
                c -> serverNamed(c, secondNode) == null && c.get("Servers").size() == 2);
        assertEquals("true", Http.put(url(asker, "/v1/kv/after-remove-peer"), "ok").body());
    }
}
