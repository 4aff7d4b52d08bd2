package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog and health endpoints on a dev agent (127.0.0.141), as the Go api package calls them:
 * registration of a node with a service and checks, the catalog and health reads with their filters, a
 * blocking query woken by a check turning critical, deregistration, and bad registrations refused whole.
 */
class S14CatalogIT {
    private static final String IP = "127.0.0.141";

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

    private static HttpResponse<String> register(String json) throws Exception {
        return Http.put(url("/v1/catalog/register"), json);
    }

    private static String web(String node, String address, String id, String tag, String status) {
        return "{\"Node\":\"" + node + "\",\"Address\":\"" + address + "\",\"NodeMeta\":{\"rack\":\"r1\"},"
                + "\"Service\":{\"ID\":\"" + id + "\",\"Service\":\"web\",\"Tags\":[\"" + tag + "\"],\"Port\":8080},"
                + "\"Check\":{\"CheckID\":\"" + id + "-check\",\"Name\":\"web check\",\"Status\":\"" + status + "\","
                + "\"ServiceID\":\"" + id + "\",\"Output\":\"all good\"}}";
    }

    private static String strip(HttpResponse<String> r) {
        return r.body().strip();
    }

    @Test
    void S14_registerReadFilterWatchAndDeregister() throws Exception {
        // the leader registers the dev agent itself first (node, serfHealth, the consul service)
        long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Http.json(Http.get(url("/v1/health/service/consul?passing"))).size() != 1) {
            assertTrue(System.nanoTime() < settled, "the dev agent never showed as the consul service");
            Thread.sleep(100);
        }
        assertEquals("true", strip(register(web("n1", "10.1.0.1", "web-1", "v1", "passing"))));
        assertEquals("true", strip(register(web("n2", "10.1.0.2", "web-2", "v2", "warning"))));

        JsonNode services = Http.json(Http.get(url("/v1/catalog/services")));
        assertEquals("[\"v1\",\"v2\"]", services.get("web").toString());
        JsonNode nodes = Http.json(Http.get(url("/v1/catalog/nodes")));
        assertTrue(nodes.toString().contains("\"Node\":\"n1\""), nodes.toString());
        JsonNode instances = Http.json(Http.get(url("/v1/catalog/service/web?tag=v2")));
        assertEquals(1, instances.size());
        JsonNode n2 = instances.get(0);
        assertEquals("n2", n2.get("Node").asText());
        assertEquals("10.1.0.2", n2.get("Address").asText());
        assertEquals("web-2", n2.get("ServiceID").asText());
        assertEquals(8080, n2.get("ServicePort").asInt());
        assertEquals("r1", n2.get("NodeMeta").get("rack").asText());
        assertEquals("dc1", n2.get("Datacenter").asText());

        JsonNode node = Http.json(Http.get(url("/v1/catalog/node/n1")));
        assertEquals("10.1.0.1", node.get("Node").get("Address").asText());
        assertEquals("web", node.get("Services").get("web-1").get("Service").asText());
        assertEquals("null", Http.get(url("/v1/catalog/node/nobody")).body().strip());

        JsonNode all = Http.json(Http.get(url("/v1/health/service/web")));
        assertEquals(2, all.size());
        JsonNode passing = Http.json(Http.get(url("/v1/health/service/web?passing")));
        assertEquals(1, passing.size(), "a warning instance is not passing");
        assertEquals("n1", passing.get(0).get("Node").get("Node").asText());
        assertEquals("all good", passing.get(0).get("Checks").get(0).get("Output").asText());
        assertEquals("web", passing.get(0).get("Checks").get(0).get("ServiceName").asText());
        assertEquals(1, Http.json(Http.get(url("/v1/health/state/warning"))).size());
        assertEquals(1, Http.json(Http.get(url("/v1/health/node/n1"))).size());
        assertEquals(2, Http.json(Http.get(url("/v1/health/checks/web"))).size());
        assertEquals(400, Http.get(url("/v1/health/state/sideways")).statusCode());

        // a blocking query on the service's health wakes when a check turns critical
        HttpResponse<String> before = Http.get(url("/v1/health/service/web?passing"));
        String index = before.headers().firstValue("X-Consul-Index").orElseThrow();
        CompletableFuture<HttpResponse<String>> blocked = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(url("/v1/health/service/web?passing&index=" + index + "&wait=30s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertFalse(blocked.isDone());
        long changed = System.nanoTime();
        assertEquals("true", strip(register(web("n1", "10.1.0.1", "web-1", "v1", "critical"))));
        HttpResponse<String> woke = blocked.get(10, TimeUnit.SECONDS);
        System.out.println("S14 check_change_to_blocking_health_query_ms=" + (System.nanoTime() - changed) / 1_000_000);
        assertEquals("[]", woke.body().replaceAll("\\s", ""), "no passing instance is left");
        assertTrue(Long.parseLong(woke.headers().firstValue("X-Consul-Index").orElseThrow()) > Long.parseLong(index));

        // bad registrations: Consul's texts, nothing half-registered
        HttpResponse<String> noAddress = register("{\"Node\":\"n3\"}");
        assertEquals(500, noAddress.statusCode());
        assertEquals("Must provide node and address", strip(noAddress));
        HttpResponse<String> unknownService = register("{\"Node\":\"n3\",\"Address\":\"10.1.0.3\",\"Check\":"
                + "{\"CheckID\":\"c\",\"Name\":\"c\",\"ServiceID\":\"ghost\"}}");
        assertEquals(500, unknownService.statusCode());
        assertEquals("Unknown service ID 'ghost' for check ID 'c'", strip(unknownService));
        assertEquals("null", Http.get(url("/v1/catalog/node/n3")).body().strip(), "nothing half-registered");
        assertEquals(400, register("{\"Node\":").statusCode());
        assertEquals(400, register("{\"Node\":\"n3\",\"Address\":\"10.1.0.3\",\"Service\":{\"Service\":\"x\","
                + "\"Port\":\"eighty\"}}").statusCode());
        assertEquals(405, Http.get(url("/v1/catalog/register")).statusCode());

        // deregistration: a service with its checks, then a node with everything
        assertEquals("true", strip(Http.put(url("/v1/catalog/deregister"), "{\"Node\":\"n1\",\"ServiceID\":\"web-1\"}")));
        assertEquals(1, Http.json(Http.get(url("/v1/catalog/service/web"))).size());
        assertEquals(0, Http.json(Http.get(url("/v1/health/node/n1"))).size());
        assertEquals("true", strip(Http.put(url("/v1/catalog/deregister"), "{\"Node\":\"n2\"}")));
        assertEquals("[]", Http.get(url("/v1/catalog/service/web")).body().replaceAll("\\s", ""));
        assertEquals(500, Http.put(url("/v1/catalog/deregister"), "{}").statusCode());
    }

    /** {@code filter} and {@code node-meta} on catalog, health and agent reads, and {@code /v1/catalog/node-services}. */
    @Test
    void S14_filterAndNodeMetaSelectInstances() throws Exception {
        assertEquals("true", strip(register("{\"Node\":\"f1\",\"Address\":\"10.2.0.1\",\"NodeMeta\":{\"rack\":\"a\"},"
                + "\"Service\":{\"ID\":\"api-1\",\"Service\":\"api\",\"Tags\":[\"v1\",\"blue\"],\"Port\":9001}}")));
        assertEquals("true", strip(register("{\"Node\":\"f2\",\"Address\":\"10.2.0.2\",\"NodeMeta\":{\"rack\":\"b\"},"
                + "\"Service\":{\"ID\":\"api-2\",\"Service\":\"api\",\"Tags\":[\"v2\"],\"Port\":9002}}")));
        try {
            String filter = java.net.URLEncoder.encode("ServiceTags contains \"blue\" and ServicePort == 9001",
                    java.nio.charset.StandardCharsets.UTF_8);
            JsonNode rows = Http.json(Http.get(url("/v1/catalog/service/api?filter=" + filter)));
            assertEquals(1, rows.size());
            assertEquals("api-1", rows.get(0).get("ServiceID").asText());
            JsonNode rackB = Http.json(Http.get(url("/v1/catalog/service/api?node-meta=rack:b")));
            assertEquals(1, rackB.size());
            assertEquals("f2", rackB.get(0).get("Node").asText());
            String byNode = java.net.URLEncoder.encode("Node.Meta.rack == a", java.nio.charset.StandardCharsets.UTF_8);
            JsonNode health = Http.json(Http.get(url("/v1/health/service/api?filter=" + byNode)));
            assertEquals(1, health.size());
            assertEquals("10.2.0.1", health.get(0).get("Node").get("Address").asText());
            assertEquals(1, Http.json(Http.get(url("/v1/catalog/nodes?node-meta=rack:a"))).size());
            JsonNode nodeServices = Http.json(Http.get(url("/v1/catalog/node-services/f2")));
            assertEquals("f2", nodeServices.get("Node").get("Node").asText());
            assertEquals("api-2", nodeServices.get("Services").get(0).get("ID").asText());
            assertEquals("null", Http.get(url("/v1/catalog/node-services/nowhere")).body().strip());

            HttpResponse<String> bad = Http.get(url("/v1/catalog/service/api?filter="
                    + java.net.URLEncoder.encode("ServicePort ==", java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(400, bad.statusCode());
            assertTrue(strip(bad).startsWith("Failed to create boolean expression evaluator: "), strip(bad));
            HttpResponse<String> selector = Http.get(url("/v1/catalog/service/api?filter=Planet%20%3D%3D%20earth"));
            assertEquals(400, selector.statusCode());
            assertEquals("Failed to create boolean expression evaluator: Selector \"Planet\" is not valid",
                    strip(selector));
        } finally {
            Http.put(url("/v1/catalog/deregister"), "{\"Node\":\"f1\"}");
            Http.put(url("/v1/catalog/deregister"), "{\"Node\":\"f2\"}");
        }
    }
}
