package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
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
import io.vertx.ext.consul.CheckOptions;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.ServiceOptions;

/**
 * S12's service part on a dev agent (127.0.0.142): a service registered with the agent and a TTL check
 * starts critical, moves through pass, warn, fail and update, and shows in {@code /v1/health/service}
 * with its node address and aggregated status as the agent syncs it; deregistering it removes it from
 * the catalog. The same through the Vert.x client; bad definitions get Consul's statuses and texts.
 */
class S12AgentServicesIT {
    private static final String IP = "127.0.0.142";

    @TempDir
    static Path tmp;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
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

    private static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Http.get(url(path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(Http.json(r))) {
                return Http.json(r);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never got there; last: " + last);
    }

    private static String serviceCheckStatus(JsonNode entries) {
        for (JsonNode c : entries.get(0).get("Checks")) {
            if (c.get("CheckID").asText().equals("service:api-1")) {
                return c.get("Status").asText() + "|" + c.get("Output").asText();
            }
        }
        return "none";
    }

    @Test
    void S12_ttlServiceThroughTheAgentShowsInHealth() throws Exception {
        HttpResponse<String> registered = Http.put(url("/v1/agent/service/register"),
                "{\"Name\":\"api\",\"ID\":\"api-1\",\"Port\":9000,\"Tags\":[\"v1\"],\"Check\":{\"TTL\":\"15s\"}}");
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals("", registered.body());
        JsonNode services = Http.json(Http.get(url("/v1/agent/services")));
        assertEquals("api", services.get("api-1").get("Service").asText());
        assertEquals(9000, Http.json(Http.get(url("/v1/agent/service/api-1"))).get("Port").asInt());
        JsonNode checks = Http.json(Http.get(url("/v1/agent/checks")));
        assertEquals("critical", checks.get("service:api-1").get("Status").asText(), "a TTL check starts critical");
        assertEquals("Service 'api' check", checks.get("service:api-1").get("Name").asText());

        JsonNode health = await("/v1/health/service/api", n -> n.size() == 1 && !serviceCheckStatus(n).equals("none"));
        assertEquals(IP, health.get(0).get("Node").get("Address").asText());
        assertEquals("critical|", serviceCheckStatus(health));
        assertEquals("[]", Http.get(url("/v1/health/service/api?passing")).body().replaceAll("\\s", ""));

        assertEquals(200, Http.put(url("/v1/agent/check/pass/service:api-1?note=all%20good"), "").statusCode());
        await("/v1/health/service/api?passing", n -> n.size() == 1 && serviceCheckStatus(n).equals("passing|all good"));
        assertEquals(200, Http.put(url("/v1/agent/check/warn/service:api-1"), "").statusCode());
        await("/v1/health/service/api", n -> serviceCheckStatus(n).equals("warning|"));

        // the time from a check failing to a blocking health query seeing it
        HttpResponse<String> now = Http.get(url("/v1/health/service/api"));
        String index = now.headers().firstValue("X-Consul-Index").orElseThrow();
        CompletableFuture<HttpResponse<String>> blocked = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(url("/v1/health/service/api?index=" + index + "&wait=30s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        long failed = System.nanoTime();
        assertEquals(200, Http.put(url("/v1/agent/check/fail/service:api-1?note=down"), "").statusCode());
        HttpResponse<String> woke = blocked.get(10, TimeUnit.SECONDS);
        System.out.println("S12 ttl_fail_to_blocking_health_query_ms=" + (System.nanoTime() - failed) / 1_000_000);
        assertEquals("critical|down", serviceCheckStatus(Http.json(woke)));

        assertEquals(200, Http.put(url("/v1/agent/check/update/service:api-1"),
                "{\"Status\":\"passing\",\"Output\":\"back\"}").statusCode());
        await("/v1/health/service/api", n -> serviceCheckStatus(n).equals("passing|back"));

        // bad input: Consul's statuses and texts, nothing registered
        HttpResponse<String> noName = Http.put(url("/v1/agent/service/register"), "{\"Port\":1}");
        assertEquals(400, noName.statusCode());
        assertEquals("Missing service name", noName.body().strip());
        assertEquals(400, Http.put(url("/v1/agent/service/register"), "{\"Name\":\"x\",\"Check\":{\"TTL\":\"soon\"}}")
                .statusCode());
        assertEquals(400, Http.put(url("/v1/agent/service/register"), "{\"Name\":\"x\",\"Port\":\"80\"}").statusCode());
        assertEquals(400, Http.put(url("/v1/agent/check/update/service:api-1"), "{\"Status\":\"fine\"}").statusCode());
        HttpResponse<String> unknown = Http.put(url("/v1/agent/service/deregister/ghost"), "");
        assertEquals(404, unknown.statusCode());
        assertEquals("Unknown service ID \"ghost\". Ensure that the service ID is passed, not the service name.",
                unknown.body().strip());
        assertEquals(404, Http.put(url("/v1/agent/check/pass/ghost"), "").statusCode());
        HttpResponse<String> orphan = Http.put(url("/v1/agent/check/register"),
                "{\"Name\":\"orphan\",\"ServiceID\":\"ghost\",\"TTL\":\"10s\"}");
        assertEquals(404, orphan.statusCode());
        HttpResponse<String> script = Http.put(url("/v1/agent/service/register"),
                "{\"Name\":\"sneaky\",\"Check\":{\"Args\":[\"true\"],\"Interval\":\"10s\"}}");
        assertEquals(500, script.statusCode(), "this agent runs no scripts sent over the API");
        assertEquals("Scripts are disabled on this agent from remote calls; to enable, configure 'enable_script_checks'"
                + " to true", script.body().strip());
        assertEquals(1, Http.json(Http.get(url("/v1/agent/services"))).size(), "nothing half-registered");

        // anti-entropy repairs a catalog changed behind the agent's back: every sync sends the whole node
        assertEquals("true", Http.put(url("/v1/catalog/deregister"), "{\"Node\":\"dev-" + IP
                + "\",\"ServiceID\":\"api-1\"}").body().strip());
        assertEquals("[]", Http.get(url("/v1/catalog/service/api")).body().replaceAll("\\s", ""));
        assertEquals(200, Http.put(url("/v1/agent/check/fail/service:api-1?note=repair"), "").statusCode());
        await("/v1/catalog/service/api", n -> n.size() == 1);

        // the agent's service endpoint blocks on its content hash
        HttpResponse<String> first = Http.get(url("/v1/agent/service/api-1"));
        String hash = first.headers().firstValue("X-Consul-ContentHash").orElseThrow();
        assertEquals(16, hash.length());
        CompletableFuture<HttpResponse<String>> waiting = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(url("/v1/agent/service/api-1?hash=" + hash + "&wait=20s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertTrue(!waiting.isDone(), "an unchanged service keeps the request waiting");
        assertEquals(200, Http.put(url("/v1/agent/service/register"),
                "{\"Name\":\"api\",\"ID\":\"api-1\",\"Port\":9001,\"Tags\":[\"v1\"],\"Check\":{\"TTL\":\"15s\"}}")
                .statusCode());
        HttpResponse<String> changed = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(9001, Http.json(changed).get("Port").asInt());
        assertTrue(!hash.equals(changed.headers().firstValue("X-Consul-ContentHash").orElseThrow()));
        long t0 = System.nanoTime();
        HttpResponse<String> timedOut = Http.get(url("/v1/agent/service/api-1?hash="
                + changed.headers().firstValue("X-Consul-ContentHash").orElseThrow() + "&wait=1s"));
        assertEquals(200, timedOut.statusCode());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1000), "waited out the 1s");

        assertEquals(200, Http.put(url("/v1/agent/service/deregister/api-1"), "").statusCode());
        await("/v1/catalog/service/api", n -> n.size() == 0);
        assertEquals("{}", Http.get(url("/v1/agent/checks")).body().replaceAll("\\s", ""));
    }

    @Test
    void S12_ttlServiceThroughTheVertxClient() throws Exception {
        Vertx vertx = Vertx.vertx();
        ConsulClient consul = ConsulClient.create(vertx, new ConsulClientOptions().setHost(IP).setPort(8500));
        try {
            await(consul.registerService(new ServiceOptions().setName("vxapi").setId("vxapi-1").setPort(7000)
                    .setTags(List.of("blue")).setCheckOptions(new CheckOptions().setTtl("20s"))));
            assertTrue(await(consul.localServices()).stream().anyMatch(s -> s.getId().equals("vxapi-1")));
            await(consul.passCheck("service:vxapi-1"));
            assertTrue(await(consul.localChecks()).stream().anyMatch(c -> c.getId().equals("service:vxapi-1")
                    && c.getStatus() == io.vertx.ext.consul.CheckStatus.PASSING));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (await(consul.healthServiceNodes("vxapi", true)).getList().size() != 1) {
                assertTrue(System.nanoTime() < deadline, "the synced service never passed in the catalog");
                Thread.sleep(100);
            }
            await(consul.deregisterService("vxapi-1"));
            assertTrue(await(consul.localServices()).stream().noneMatch(s -> s.getId().equals("vxapi-1")));
        } finally {
            consul.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
