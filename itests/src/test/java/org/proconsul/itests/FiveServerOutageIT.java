package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S8, and S7's three of five failing at once, with five servers on 127.0.0.71–75: three are killed at
 * once, so the two left have no quorum: writes and default reads answer {@code 500 No cluster leader},
 * stale reads still answer, and {@code consul members} lists all five from gossip (three failed). When
 * the three return the cluster elects a leader and serves again with everything it had acknowledged.
 */
class FiveServerOutageIT {
    private static final int N = 5;

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[N];

    private static String ip(int i) {
        return "127.0.0.7" + (i + 1);
    }

    private static String url(int i, String path) {
        return "http://" + ip(i) + ":8500" + path;
    }

    private void start(int i) throws Exception {
        servers[i] = AgentProcess.start(tmp, ip(i) + ":8500", List.of("-server", "-bootstrap-expect=5", "-node",
                "f" + i, "-bind", ip(i), "-client", ip(i), "-data-dir", tmp.resolve("f" + i).toString(),
                "-retry-join", ip(0), "-retry-join", ip(1), "-retry-interval", "1s"),
                java.util.Map.of("PROCONSUL_MAX_HEAP", "256m"));
    }

    @Test
    void S8_losingThreeOfFiveAtOnceStopsWritesButNotGossipAndTheClusterServesAgainWhenTheyReturn() throws Exception {
        try {
            for (int i = 0; i < N; i++) {
                start(i);
            }
            for (AgentProcess s : servers) {
                s.awaitLeader(Duration.ofSeconds(120));
            }
            for (int k = 0; k < 20; k++) {
                assertEquals("true", Http.put(url(k % N, "/v1/kv/s8/" + k), "v" + k).body());
            }
            for (int i = 2; i < N; i++) {
                servers[i].kill9();
            }
            // the old leader, if it survived, steps down once it misses a quorum (a write caught in that moment
            // answers "leadership lost while committing log", as Consul's does); then nobody leads
            long noLeaderBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((Http.get(url(0, "/v1/status/leader")).body().contains(":")
                    || Http.get(url(1, "/v1/status/leader")).body().contains(":")) && System.nanoTime() < noLeaderBy) {
                Thread.sleep(200);
            }
            assertEquals("\"\"", Http.get(url(0, "/v1/status/leader")).body().strip());
            HttpResponse<String> write = Http.put(url(0, "/v1/kv/s8/refused"), "x");
            assertEquals(500, write.statusCode(), write.body());
            assertEquals("No cluster leader", write.body().strip());
            HttpResponse<String> read = Http.get(url(1, "/v1/kv/s8/0"));
            assertEquals(500, read.statusCode(), read.body());
            assertEquals("No cluster leader", read.body().strip());
            assertEquals("v0", Http.get(url(1, "/v1/kv/s8/0?raw&stale")).body(), "stale reads still answer");

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String members = "";
            while (System.nanoTime() < deadline) {
                members = ConsulCliRun.run(ip(0) + ":8500", "members").out();
                if (members.lines().filter(l -> l.contains(" failed ")).count() == 3) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(6, members.lines().count(), members);
            assertEquals(3, members.lines().filter(l -> l.contains(" failed ")).count(), members);
            assertEquals(2, members.lines().filter(l -> l.contains(" alive ")).count(), members);

            for (int i = 2; i < N; i++) {
                start(i);
            }
            for (AgentProcess s : servers) {
                s.awaitLeader(Duration.ofSeconds(120));
            }
            assertEquals("true", Http.put(url(4, "/v1/kv/s8/after"), "back").body());
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < 20; k++) {
                    assertEquals("v" + k, Http.get(url(i, "/v1/kv/s8/" + k + "?raw")).body(), ip(i) + " s8/" + k);
                }
            }
            assertTrue(Http.get(url(0, "/v1/kv/s8/refused")).statusCode() == 404, "the refused write never happened");
            for (AgentProcess s : servers) {
                assertEquals(0, s.stop());
            }
        } finally {
            AgentProcess.closeAll(servers);
        }
    }
}
