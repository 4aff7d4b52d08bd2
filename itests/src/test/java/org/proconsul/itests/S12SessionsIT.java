package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.ext.consul.SessionOptions;

/**
 * S12's locks on a dev agent (127.0.0.145, {@code session_ttl_min = "1s"}, a documented Consul setting, so TTL
 * expiry shows in seconds): sessions with Consul's defaults, acquire and release, a lock taken over only after
 * its session ended and the lock delay passed (the default 15 s measured), TTL expiry and renewal, invalidation
 * by a failing check, blocking session reads, Consul's errors, and the same through the Vert.x client.
 */
class S12SessionsIT {
    private static final String IP = "127.0.0.145";

    @TempDir
    static Path tmp;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP, "-hcl", "session_ttl_min = \"1s\"");
        // sessions need the node's serfHealth, which the leader registers on its first reconcile
        await("/v1/health/node/dev-" + IP, n -> n.size() > 0 && n.get(0).get("CheckID").asText().equals("serfHealth"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private static String url(String path) {
        return "http://" + IP + ":8500" + path;
    }

    private static String create(String body) throws Exception {
        HttpResponse<String> r = Http.put(url("/v1/session/create"), body);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).get("ID").asText();
    }

    private static boolean acquire(String key, String session) throws Exception {
        HttpResponse<String> r = Http.put(url("/v1/kv/" + key + "?acquire=" + session), "v-" + session);
        assertEquals(200, r.statusCode(), r.body());
        return Boolean.parseBoolean(r.body().strip());
    }

    private static JsonNode entry(String key) throws Exception {
        return Http.json(Http.get(url("/v1/kv/" + key))).get(0);
    }

    private static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Http.get(url(path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(Http.json(r))) {
                return Http.json(r);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never got there; last: " + last);
    }

    @Test
    void S12_lockIsTakenOverOnlyAfterTheSessionEndsAndTheLockDelayPasses() throws Exception {
        String holder = create("");
        JsonNode info = Http.json(Http.get(url("/v1/session/info/" + holder))).get(0);
        assertEquals("dev-" + IP, info.get("Node").asText());
        assertEquals(15_000_000_000L, info.get("LockDelay").asLong());
        assertEquals("release", info.get("Behavior").asText());
        assertEquals("serfHealth", info.get("NodeChecks").get(0).asText());
        assertEquals("", info.get("TTL").asText());
        String waiter = create("{\"Name\":\"waiter\"}");

        assertTrue(acquire("service/leader", holder));
        assertTrue(!acquire("service/leader", waiter), "held by another session");
        JsonNode held = entry("service/leader");
        assertEquals(holder, held.get("Session").asText());
        assertEquals(1, held.get("LockIndex").asInt());

        assertEquals("true", Http.put(url("/v1/session/destroy/" + holder), "").body().strip());
        long ended = System.nanoTime();
        assertTrue(entry("service/leader").path("Session").isMissingNode(), "released with its session");
        assertTrue(!acquire("service/leader", waiter), "the lock delay holds the key");
        while (!acquire("service/leader", waiter)) {
            assertTrue(System.nanoTime() - ended < TimeUnit.SECONDS.toNanos(25), "never taken over");
            Thread.sleep(250);
        }
        long takenMs = (System.nanoTime() - ended) / 1_000_000;
        System.out.println("S12 lock_takeover_after_destroy_ms=" + takenMs + " (lock delay 15s)");
        assertTrue(takenMs >= 14_500, "taken over after " + takenMs + " ms, inside the 15 s lock delay");
        JsonNode taken = entry("service/leader");
        assertEquals(waiter, taken.get("Session").asText());
        assertEquals(2, taken.get("LockIndex").asInt());

        // a voluntary release starts no delay
        assertEquals("true", Http.put(url("/v1/kv/service/leader?release=" + waiter), "").body().strip());
        String third = create("{\"LockDelay\":\"1s\"}");
        assertTrue(acquire("service/leader", third), "no delay after a release");
    }

    @Test
    void S12_ttlSessionsExpireUnlessRenewed() throws Exception {
        String id = create("{\"TTL\":\"1s\",\"LockDelay\":0,\"Behavior\":\"delete\"}");
        assertTrue(acquire("ephemeral/a", id));
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> renewed = Http.put(url("/v1/session/renew/" + id), "");
            assertEquals(200, renewed.statusCode(), renewed.body());
            assertEquals("1s", Http.json(renewed).get(0).get("TTL").asText());
            Thread.sleep(500);
        }
        assertEquals(1, Http.json(Http.get(url("/v1/session/info/" + id))).size(), "renewed, alive after 4 s");
        long stopped = System.nanoTime();
        await("/v1/session/info/" + id, n -> n.size() == 0);
        long goneMs = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("S12 session_ttl_1s_expired_after_ms=" + goneMs);
        assertTrue(goneMs >= 1000, "a session lives twice its TTL without renewal, gone after " + goneMs + " ms");
        assertEquals(404, Http.get(url("/v1/kv/ephemeral/a")).statusCode(), "behavior delete took the key");
        HttpResponse<String> unknown = Http.put(url("/v1/session/renew/" + id), "");
        assertEquals(404, unknown.statusCode());
        assertEquals("Session id '" + id + "' not found", unknown.body().strip());
    }

    @Test
    void S12_aFailingCheckEndsTheSessionsThatListIt() throws Exception {
        assertEquals(200, Http.put(url("/v1/agent/service/register"),
                "{\"Name\":\"worker\",\"ID\":\"worker-1\",\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}").statusCode());
        await("/v1/health/checks/worker", n -> n.size() == 1 && n.get(0).get("Status").asText().equals("passing"));
        String id = create("{\"Checks\":[\"serfHealth\"],\"ServiceChecks\":[{\"ID\":\"service:worker-1\"}],"
                + "\"LockDelay\":\"1s\"}");
        assertEquals("service:worker-1", Http.json(Http.get(url("/v1/session/info/" + id))).get(0)
                .get("ServiceChecks").get(0).get("ID").asText());
        assertTrue(acquire("jobs/leader", id));
        HttpResponse<String> now = Http.get(url("/v1/session/list"));
        String index = now.headers().firstValue("X-Consul-Index").orElseThrow();
        CompletableFuture<HttpResponse<String>> blocked = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(url("/v1/session/list?index=" + index + "&wait=30s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertEquals(200, Http.put(url("/v1/agent/check/fail/service:worker-1?note=stuck"), "").statusCode());
        HttpResponse<String> woke = blocked.get(15, TimeUnit.SECONDS);
        assertTrue(Http.json(woke).findValues("ID").stream().noneMatch(v -> v.asText().equals(id)), woke.body());
        assertTrue(entry("jobs/leader").path("Session").isMissingNode(), "released by the invalidation");
    }

    @Test
    void S12_badSessionRequestsGetConsulsAnswers() throws Exception {
        HttpResponse<String> behavior = Http.put(url("/v1/session/create"), "{\"Behavior\":\"explode\"}");
        assertEquals(500, behavior.statusCode());
        assertEquals("Invalid Behavior setting 'explode'", behavior.body().strip());
        HttpResponse<String> ttl = Http.put(url("/v1/session/create"), "{\"TTL\":\"25h\"}");
        assertEquals(500, ttl.statusCode());
        assertEquals("Invalid Session TTL '90000000000000', must be between [1s=24h0m0s]", ttl.body().strip());
        HttpResponse<String> node = Http.put(url("/v1/session/create"), "{\"Node\":\"ghost\"}");
        assertEquals(500, node.statusCode());
        assertEquals("Missing node registration", node.body().strip());
        HttpResponse<String> check = Http.put(url("/v1/session/create"), "{\"Checks\":[\"nope\"]}");
        assertEquals(500, check.statusCode());
        assertEquals("Missing check 'nope' registration", check.body().strip());
        assertEquals(400, Http.put(url("/v1/session/create"), "{\"TTL\":5}").statusCode());
        assertEquals(400, Http.put(url("/v1/session/create"), "[1,2").statusCode());
        HttpResponse<String> lockless = Http.put(url("/v1/kv/x?acquire=00000000-0000-0000-0000-000000000000"), "v");
        assertEquals(500, lockless.statusCode());
        assertEquals("invalid session \"00000000-0000-0000-0000-000000000000\"", lockless.body().strip());
        assertEquals("[]", Http.get(url("/v1/session/info/nope")).body().replaceAll("\\s", ""));
        assertEquals(405, Http.get(url("/v1/session/create")).statusCode());
        assertEquals("true", Http.put(url("/v1/session/destroy/nope"), "").body().strip());
        String capped = create("{\"LockDelay\":\"5m\"}");
        assertEquals(60_000_000_000L, Http.json(Http.get(url("/v1/session/info/" + capped))).get(0).get("LockDelay")
                .asLong(), "lock delay capped at 60s");
        String seconds = create("{\"LockDelay\":20}");
        assertEquals(20_000_000_000L, Http.json(Http.get(url("/v1/session/info/" + seconds))).get(0).get("LockDelay")
                .asLong(), "a bare number under 1000 is seconds");
    }

    @Test
    void S12_sessionsAndLocksThroughTheVertxClient() throws Exception {
        Vertx vertx = Vertx.vertx();
        ConsulClient consul = ConsulClient.create(vertx, new ConsulClientOptions().setHost(IP).setPort(8500));
        try {
            String id = await(consul.createSessionWithOptions(new SessionOptions().setName("vx").setLockDelay(1)));
            assertEquals("dev-" + IP, await(consul.infoSession(id)).getNode());
            assertTrue(await(consul.putValueWithOptions("vx/lock", "mine", new KeyValueOptions().setAcquireSession(id))));
            assertEquals(id, await(consul.getValue("vx/lock")).getSession());
            assertTrue(await(consul.listNodeSessions("dev-" + IP)).getList().stream().anyMatch(s -> s.getId().equals(id)));
            await(consul.destroySession(id));
            assertTrue(await(consul.getValue("vx/lock")).getSession() == null, "released with its session");
        } finally {
            consul.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
