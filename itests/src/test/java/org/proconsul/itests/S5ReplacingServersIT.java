package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * S5 with real servers on 127.0.0.101–104, as the operations notes replace servers: a server gone for
 * good is removed with {@code consul force-leave} (autopilot's cleanup is off, so the removal can only come
 * from the force-leave) and a replacement joins through {@code retry_join} with a {@code bootstrap_expect}
 * that no longer matters; then the leader is retired gracefully with {@code consul leave}, handing over
 * leadership first. Data written before survives every step.
 */
class S5ReplacingServersIT {
    private static final String[] IPS = {"127.0.0.101", "127.0.0.102", "127.0.0.103", "127.0.0.104"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[IPS.length];

    private void start(int i) throws Exception {
        List<String> args = new ArrayList<>(List.of("-server", "-node", "s" + (i + 1), "-bind", IPS[i],
                "-client", IPS[i], "-data-dir", tmp.resolve("s" + (i + 1)).toString(), "-retry-join", IPS[0],
                "-retry-join", IPS[1], "-retry-join", IPS[2], "-retry-interval", "1s", "-bootstrap-expect=3"));
        servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", args);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(servers);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static JsonNode await(int via, String path, Duration timeout, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = Http.get(url(via, path));
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && done.test(Http.json(r))) {
                    return Http.json(r);
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " via " + IPS[via] + " never got there; last: " + last);
    }

    private static JsonNode server(JsonNode configuration, String node) {
        for (JsonNode s : configuration.get("Servers")) {
            if (s.get("Node").asText().equals(node)) {
                return s;
            }
        }
        return null;
    }

    private static String membersStatus(int via, String node) throws Exception {
        for (JsonNode m : Http.json(Http.get(url(via, "/v1/agent/members")))) {
            if (m.get("Name").asText().equals(node)) {
                return switch (m.get("Status").asInt()) {
                    case 1 -> "alive";
                    case 2 -> "leaving";
                    case 3 -> "left";
                    case 4 -> "failed";
                    default -> "none";
                };
            }
        }
        return "absent";
    }

    private static void awaitStatus(int via, String node, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!membersStatus(via, node).equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " never " + status + " via " + IPS[via] + ": " + membersStatus(via, node));
            }
            Thread.sleep(200);
        }
    }

    @Test
    void S5_forceLeaveAFailedServerJoinAReplacementAndRetireTheLeaderWithLeave() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        assertEquals("true", Http.put(url(leader, "/v1/kv/s5/before"), "kept").body());
        await(leader, "/v1/operator/autopilot/configuration", Duration.ofSeconds(10), c -> true);
        ConsulCliRun off = ConsulCliRun.run(IPS[leader] + ":8500", "operator", "autopilot", "set-config",
                "-cleanup-dead-servers=false");
        assertEquals("Configuration updated!\n", off.out(), off.err());

        // a server gone for good: kill -9, then force-leave it; only the leader's reaction to "left" removes it
        int victim = leader == 2 ? 1 : 2;
        int asker = 3 - leader - victim;
        servers[victim].kill9();
        String victimNode = "s" + (victim + 1);
        awaitStatus(asker, victimNode, "failed");
        assertNotNull(server(Http.json(Http.get(url(asker, "/v1/operator/raft/configuration"))), victimNode));
        ConsulCliRun forceLeave = ConsulCliRun.run(IPS[asker] + ":8500", "force-leave", victimNode);
        assertEquals(0, forceLeave.exit(), forceLeave.err());
        assertEquals("", forceLeave.out());
        long forced = System.nanoTime();
        await(asker, "/v1/operator/raft/configuration", Duration.ofSeconds(15),
                c -> server(c, victimNode) == null && c.get("Servers").size() == 2);
        System.out.println("S5 force_leave_to_raft_removal_ms=" + (System.nanoTime() - forced) / 1_000_000);
        awaitStatus(asker, victimNode, "left");

        // the replacement joins through retry_join; its bootstrap_expect=3 is ignored, autopilot promotes it
        start(3);
        await(asker, "/v1/operator/raft/configuration", Duration.ofSeconds(60), c -> {
            JsonNode s4 = server(c, "s4");
            return s4 != null && s4.get("Voter").asBoolean() && c.get("Servers").size() == 3;
        });
        assertEquals("kept", Http.json(Http.get(url(3, "/v1/kv/s5/before?consistent"))).get(0).get("Value")
                .asText().transform(v -> new String(java.util.Base64.getDecoder().decode(v))));
        assertTrue(!servers[3].output().contains("attempting bootstrap"), servers[3].output());

        // the leader is retired gracefully: it hands over leadership, leaves, and is out of Raft
        List<Integer> alive = List.of(leader, asker, 3);
        int retiring = LeaderAgreement.await(IPS, alive, Duration.ofSeconds(30));
        String leaderNode = "s" + (retiring + 1);
        List<Integer> remaining = alive.stream().filter(i -> i != retiring).toList();
        int other = remaining.get(0);
        long leaveStarted = System.nanoTime();
        ConsulCliRun leave = ConsulCliRun.run(IPS[retiring] + ":8500", "leave");
        assertEquals(0, leave.exit(), leave.err());
        assertEquals("Graceful leave complete\n", leave.out());
        System.out.println("S5 leave_of_leader_ms=" + (System.nanoTime() - leaveStarted) / 1_000_000);
        assertEquals(0, servers[retiring].awaitExit(Duration.ofSeconds(30)));
        String leaving = servers[retiring].output();
        assertTrue(leaving.contains("leadership transferred before leaving"), leaving);
        assertTrue(leaving.contains("removed from the Raft configuration, leave complete"), leaving);
        JsonNode after = await(other, "/v1/operator/raft/configuration", Duration.ofSeconds(15),
                c -> server(c, leaderNode) == null && c.get("Servers").size() == 2);
        for (JsonNode s : after.get("Servers")) {
            assertTrue(s.get("Voter").asBoolean(), after.toString());
        }
        awaitStatus(other, leaderNode, "left");
        int newLeader = LeaderAgreement.await(IPS, remaining, Duration.ofSeconds(15));
        assertEquals("true", Http.put(url(newLeader, "/v1/kv/s5/after"), "ok").body());
        assertEquals(200, Http.get(url(other, "/v1/kv/s5/before?consistent")).statusCode());
        assertNull(server(Http.json(Http.get(url(newLeader, "/v1/operator/raft/configuration"))), leaderNode));
    }
}
