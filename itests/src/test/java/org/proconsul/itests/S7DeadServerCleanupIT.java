package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S7's sequence with five real servers on 127.0.0.111–115 and default autopilot settings: two servers
 * fail (kill -9), autopilot removes both ((5 − 1) / 2 = 2 may go), the five become three, then one more
 * fails and the remaining two of three keep a leader and serve writes with everything acknowledged before.
 * (Three failing at once, which leaves no quorum, is {@link FiveServerOutageIT}.)
 */
class S7DeadServerCleanupIT {
    private static final String[] IPS = {"127.0.0.111", "127.0.0.112", "127.0.0.113", "127.0.0.114", "127.0.0.115"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[IPS.length];

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(servers);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static List<String> raftNodes(int via) throws Exception {
        HttpResponse<String> r = Http.get(url(via, "/v1/operator/raft/configuration"));
        List<String> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (JsonNode s : Http.json(r).get("Servers")) {
                out.add(s.get("Node").asText() + (s.get("Voter").asBoolean() ? "" : "(non-voter)"));
            }
        }
        return out;
    }

    @Test
    void S7_twoFailCleanupLeavesThreeThenOneMoreFailsAndTheClusterServes() throws Exception {
        for (int i = 0; i < IPS.length; i++) {
            servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-server", "-bootstrap-expect=5", "-node",
                    "p" + (i + 1), "-bind", IPS[i], "-client", IPS[i], "-data-dir", tmp.resolve("p" + (i + 1)).toString(),
                    "-retry-join", IPS[0], "-retry-join", IPS[1], "-retry-interval", "1s"),
                    java.util.Map.of("PROCONSUL_MAX_HEAP", "256m"));
        }
        List<Integer> all = List.of(0, 1, 2, 3, 4);
        int leader = LeaderAgreement.await(IPS, all, Duration.ofSeconds(120));
        for (int k = 0; k < 10; k++) {
            assertEquals("true", Http.put(url(leader, "/v1/kv/s7/" + k), "v" + k).body());
        }
        ConsulCliRun config = ConsulCliRun.run(IPS[leader] + ":8500", "operator", "autopilot", "get-config");
        assertTrue(config.out().startsWith("CleanupDeadServers = true\n"), config.out() + config.err());

        // two fail (never the leader, so the timing is autopilot's, not an election's)
        int current = LeaderAgreement.await(IPS, all, Duration.ofSeconds(30));
        List<Integer> victims = all.stream().filter(i -> i != current).limit(2).toList();
        long killed = System.nanoTime();
        for (int v : victims) {
            servers[v].kill9();
        }
        List<Integer> alive = all.stream().filter(i -> !victims.contains(i)).toList();
        int asker = alive.get(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> nodes = raftNodes(asker);
        while (nodes.size() != 3) {
            assertTrue(System.nanoTime() < deadline, "autopilot never cleaned the two dead servers: " + nodes);
            Thread.sleep(250);
            nodes = raftNodes(asker);
        }
        System.out.println("S7 two_dead_servers_removed_ms=" + (System.nanoTime() - killed) / 1_000_000);
        for (int v : victims) {
            assertTrue(!nodes.contains("p" + (v + 1)), nodes.toString());
        }
        for (int a : alive) {
            assertTrue(nodes.contains("p" + (a + 1)), "every survivor still votes: " + nodes);
        }

        // one more fails: two of three remain, a quorum
        int third = alive.get(1);
        servers[third].kill9();
        List<Integer> lastTwo = alive.stream().filter(i -> i != third).toList();
        int newLeader = LeaderAgreement.await(IPS, lastTwo, Duration.ofSeconds(60));
        assertEquals("true", Http.put(url(newLeader, "/v1/kv/s7/after"), "ok").body());
        for (int i : lastTwo) {
            for (int k = 0; k < 10; k++) {
                assertEquals("v" + k, Http.get(url(i, "/v1/kv/s7/" + k + "?raw")).body(), IPS[i] + " s7/" + k);
            }
            assertEquals("ok", Http.get(url(i, "/v1/kv/s7/after?raw")).body());
        }
    }
}
