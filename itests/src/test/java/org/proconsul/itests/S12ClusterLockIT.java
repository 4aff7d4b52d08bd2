package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S12's lock on three servers and two client agents (127.0.0.161–165), each on its own address with Consul's
 * ports: a holder's session lives on its client's node; when that client is killed with kill -9 the lock
 * stays held until gossip marks the node failed and the leader's serfHealth turns critical, which ends the
 * session; the other client then gets the lock only after the 15 s lock delay. A check on a client turning
 * critical shows in {@code /v1/health/service} read through a server.
 */
class S12ClusterLockIT {
    private static final String[] IPS = {"127.0.0.161", "127.0.0.162", "127.0.0.163", "127.0.0.164", "127.0.0.165"};
    private static final int HOLDER = 3;
    private static final int WAITER = 4;

    @TempDir
    Path tmp;

    private final AgentProcess[] agents = new AgentProcess[IPS.length];

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(agents);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static JsonNode await(int via, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Http.get(url(via, path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(Http.json(r))) {
                return Http.json(r);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " via " + IPS[via] + " never got there; last: " + last);
    }

    private static boolean acquire(int via, String session) throws Exception {
        HttpResponse<String> r = Http.put(url(via, "/v1/kv/cluster/leader?acquire=" + session), "node-" + via);
        assertEquals(200, r.statusCode(), r.body());
        return Boolean.parseBoolean(r.body().strip());
    }

    private static String holder(int via) throws Exception {
        HttpResponse<String> r = Http.get(url(via, "/v1/kv/cluster/leader"));
        return r.statusCode() == 200 ? Http.json(r).get(0).path("Session").asText("") : "";
    }

    @Test
    void S12_aKilledHoldersLockPassesOnOnlyAfterItsSessionEndsAndTheLockDelay() throws Exception {
        for (int i = 0; i < 3; i++) {
            agents[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-server", "-bootstrap-expect=3", "-node",
                    "s" + (i + 1), "-bind", IPS[i], "-client", IPS[i], "-data-dir", tmp.resolve("s" + (i + 1)).toString(),
                    "-retry-join", IPS[0], "-retry-join", IPS[1], "-retry-interval", "1s"));
        }
        for (int i = 3; i < 5; i++) {
            agents[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-node", "c" + (i - 2), "-bind", IPS[i],
                    "-client", IPS[i], "-data-dir", tmp.resolve("c" + (i - 2)).toString(), "-retry-join", IPS[0],
                    "-retry-interval", "1s"));
        }
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        int follower = leader == 0 ? 1 : 0;
        await(follower, "/v1/health/state/passing", n -> countSerf(n) == 5);

        // a check on a client, read through a server
        assertEquals(200, Http.put(url(WAITER, "/v1/agent/service/register"),
                "{\"Name\":\"api\",\"ID\":\"api-1\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}").statusCode());
        await(follower, "/v1/health/service/api?passing", n -> n.size() == 1);
        assertEquals(200, Http.put(url(WAITER, "/v1/agent/check/fail/service:api-1?note=down"), "").statusCode());
        await(follower, "/v1/health/service/api", n -> n.size() == 1 && n.get(0).get("Checks").toString()
                .contains("\"Output\":\"down\""));

        String held = Http.json(Http.put(url(HOLDER, "/v1/session/create"), "{\"Name\":\"holder\"}")).get("ID").asText();
        String waiting = Http.json(Http.put(url(WAITER, "/v1/session/create"), "{\"Name\":\"waiter\"}")).get("ID")
                .asText();
        assertEquals("c1", Http.json(Http.get(url(follower, "/v1/session/info/" + held))).get(0).get("Node").asText());
        assertTrue(acquire(HOLDER, held));
        assertTrue(!acquire(WAITER, waiting));

        agents[HOLDER].kill9();
        long killed = System.nanoTime();
        while (!holder(follower).isEmpty()) {
            assertTrue(System.nanoTime() - killed < Duration.ofSeconds(60).toNanos(), "the dead holder kept the lock");
            assertTrue(!acquire(WAITER, waiting), "no takeover while the dead holder's session lives");
            Thread.sleep(200);
        }
        long invalidated = System.nanoTime();
        System.out.println("S12 cluster kill9_to_session_invalidated_ms=" + (invalidated - killed) / 1_000_000);
        assertEquals("critical", serfOf(await(follower, "/v1/health/node/c1", n -> n.size() > 0)));
        while (!acquire(WAITER, waiting)) {
            assertTrue(System.nanoTime() - invalidated < Duration.ofSeconds(30).toNanos(), "never taken over");
            Thread.sleep(250);
        }
        long takenMs = (System.nanoTime() - invalidated) / 1_000_000;
        System.out.println("S12 cluster invalidated_to_takeover_ms=" + takenMs + " (lock delay 15s)");
        assertTrue(takenMs >= 14_000, "taken " + takenMs + " ms after the session ended, inside the lock delay");
        assertEquals(waiting, holder(follower));
    }

    private static int countSerf(JsonNode checks) {
        int n = 0;
        for (JsonNode c : checks) {
            if (c.get("CheckID").asText().equals("serfHealth")) {
                n++;
            }
        }
        return n;
    }

    private static String serfOf(JsonNode checks) {
        for (JsonNode c : checks) {
            if (c.get("CheckID").asText().equals("serfHealth")) {
                return c.get("Status").asText();
            }
        }
        return "none";
    }
}
