package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S12's check types on a dev agent started with {@code -enable-script-checks} (127.0.0.144): an HTTP check
 * follows a real endpoint through 200, 429 and 503, a TCP check a real listener opening and closing, a
 * script check a command's exit code, an alias check the service it mirrors; {@code success_before_passing}
 * holds a check critical for its runs. Each change is read where users read it, {@code /v1/health/service}.
 */
class S12CheckTypesIT {
    private static final String IP = "127.0.0.144";

    @TempDir
    static Path tmp;
    static AgentProcess agent;
    static HttpServer endpoint;
    static final AtomicInteger answer = new AtomicInteger(200);

    @BeforeAll
    static void start() throws Exception {
        endpoint = HttpServer.create(new InetSocketAddress(IP, 0), 0);
        endpoint.createContext("/health", ex -> {
            byte[] body = ("status " + answer.get()).getBytes();
            ex.sendResponseHeaders(answer.get(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        endpoint.start();
        agent = DevAgents.start(tmp, IP, "-enable-script-checks");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    private static String url(String path) {
        return "http://" + IP + ":8500" + path;
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

    /** "status|output" of one check in a /v1/health/service answer, "none" when absent. */
    private static String check(JsonNode entries, String checkId) {
        for (JsonNode entry : entries) {
            for (JsonNode c : entry.get("Checks")) {
                if (c.get("CheckID").asText().equals(checkId)) {
                    return c.get("Status").asText() + "|" + c.get("Output").asText();
                }
            }
        }
        return "none";
    }

    private static void register(String json) throws Exception {
        HttpResponse<String> r = Http.put(url("/v1/agent/service/register"), json);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void S12_httpCheckFollowsItsEndpoint() throws Exception {
        String target = "http://" + IP + ":" + endpoint.getAddress().getPort() + "/health";
        register("{\"Name\":\"web\",\"ID\":\"web-1\",\"Port\":8080,\"Check\":{\"HTTP\":\"" + target
                + "\",\"Interval\":\"1s\",\"Timeout\":\"2s\"}}");
        assertEquals("http", Http.json(Http.get(url("/v1/agent/checks"))).get("service:web-1").get("Type").asText());
        await("/v1/health/service/web?passing", n -> check(n, "service:web-1")
                .equals("passing|HTTP GET " + target + ": 200 OK Output: status 200"));
        answer.set(429);
        await("/v1/health/service/web", n -> check(n, "service:web-1")
                .equals("warning|HTTP GET " + target + ": 429 Too Many Requests Output: status 429"));
        long failed = System.nanoTime();
        answer.set(503);
        await("/v1/health/service/web", n -> check(n, "service:web-1").startsWith("critical|"));
        System.out.println("S12 http_check_503_to_health_service_ms=" + (System.nanoTime() - failed) / 1_000_000
                + " (interval 1s)");
        assertEquals("[]", Http.get(url("/v1/health/service/web?passing")).body().replaceAll("\\s", ""));
        answer.set(200);
        await("/v1/health/service/web?passing", n -> n.size() == 1);

        // an alias check mirrors web-1 from another service
        register("{\"Name\":\"web-alias\",\"ID\":\"web-alias-1\",\"Check\":{\"AliasService\":\"web-1\"}}");
        await("/v1/health/service/web-alias", n -> check(n, "service:web-alias-1").equals("passing|All checks passing."));
        answer.set(503);
        await("/v1/health/service/web-alias", n -> check(n, "service:web-alias-1").startsWith("critical|"));
        answer.set(200);
        await("/v1/health/service/web-alias", n -> check(n, "service:web-alias-1").startsWith("passing|"));
    }

    @Test
    void S12_tcpCheckFollowsAListenerAndHoldsForItsThreshold() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(IP));
        int port = listener.getLocalPort();
        String target = IP + ":" + port;
        register("{\"Name\":\"db\",\"ID\":\"db-1\",\"Check\":{\"TCP\":\"" + target
                + "\",\"Interval\":\"1s\",\"SuccessBeforePassing\":3}}");
        // the first result always counts
        await("/v1/health/service/db?passing", n -> check(n, "service:db-1").equals("passing|TCP connect " + target
                + ": Success"));
        listener.close();
        await("/v1/health/service/db", n -> check(n, "service:db-1")
                .equals("critical|dial tcp " + target + ": connect: connection refused"));
        long reopened = System.nanoTime();
        listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(IP, port), 50);
            await("/v1/health/service/db?passing", n -> n.size() == 1);
            long heldMs = (System.nanoTime() - reopened) / 1_000_000;
            System.out.println("S12 tcp_check_success_before_passing_3_ms=" + heldMs);
            assertTrue(heldMs >= 2000, "three successful runs a second apart take two seconds at least, took " + heldMs);
        } finally {
            listener.close();
        }
    }

    @Test
    void S12_grpcCheckFollowsTheStandardHealthService() throws Exception {
        io.grpc.protobuf.services.HealthStatusManager health = new io.grpc.protobuf.services.HealthStatusManager();
        io.grpc.Server grpc = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
                .forAddress(new InetSocketAddress(IP, 0)).addService(health.getHealthService()).build().start();
        try {
            String target = IP + ":" + grpc.getPort() + "/billing";
            health.setStatus("billing", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
            register("{\"Name\":\"billing\",\"ID\":\"billing-1\",\"Check\":{\"GRPC\":\"" + target
                    + "\",\"Interval\":\"1s\"}}");
            await("/v1/health/service/billing?passing", n -> check(n, "service:billing-1")
                    .equals("passing|gRPC check " + target + ": success"));
            health.setStatus("billing", io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
            await("/v1/health/service/billing", n -> check(n, "service:billing-1")
                    .equals("critical|gRPC " + target + " serving status: NOT_SERVING"));
        } finally {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void S12_scriptCheckFollowsItsExitCode() throws Exception {
        Path flag = tmp.resolve("healthy");
        register("{\"Name\":\"batch\",\"ID\":\"batch-1\",\"Check\":{\"Args\":[\"sh\",\"-c\",\"test -f " + flag
                + " && echo ready || { echo missing; exit 2; }\"],\"Interval\":\"1s\"}}");
        // the first run leaves the status critical and changes only the output: the agent shows it at once,
        // the catalog only after check_update_interval (5 min), as Consul holds output-only changes
        await("/v1/agent/checks", n -> n.path("service:batch-1").path("Output").asText().equals("missing\n"));
        assertEquals("critical|", check(Http.json(Http.get(url("/v1/health/service/batch"))), "service:batch-1"));
        Files.writeString(flag, "");
        await("/v1/health/service/batch?passing", n -> check(n, "service:batch-1").equals("passing|ready\n"));
        Files.delete(flag);
        await("/v1/health/service/batch", n -> check(n, "service:batch-1").equals("critical|missing\n"));
    }

    @Test
    void S12_badCheckDefinitionsGetConsulsAnswers() throws Exception {
        HttpResponse<String> noInterval = Http.put(url("/v1/agent/check/register"),
                "{\"Name\":\"x\",\"HTTP\":\"http://" + IP + ":1/\"}");
        assertEquals(400, noInterval.statusCode());
        assertEquals("Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks",
                noInterval.body().strip());
        HttpResponse<String> noType = Http.put(url("/v1/agent/check/register"), "{\"Name\":\"x\"}");
        assertEquals(400, noType.statusCode());
        assertEquals("Invalid check: TTL must be > 0 for TTL checks", noType.body().strip());
        HttpResponse<String> badStatus = Http.put(url("/v1/agent/check/register"),
                "{\"Name\":\"x\",\"TTL\":\"10s\",\"Status\":\"fine\"}");
        assertEquals(400, badStatus.statusCode());
        assertEquals("Bad check status", badStatus.body().strip());
        HttpResponse<String> both = Http.put(url("/v1/agent/check/register"),
                "{\"Name\":\"x\",\"TCP\":\"" + IP + ":1\",\"Interval\":\"1s\",\"TTL\":\"1s\"}");
        assertEquals(400, both.statusCode());
        HttpResponse<String> wrongKind = Http.put(url("/v1/agent/check/register"),
                "{\"Name\":\"x\",\"Args\":\"true\",\"Interval\":\"1s\"}");
        assertEquals(400, wrongKind.statusCode());
        assertTrue(wrongKind.body().contains("cannot unmarshal string"), wrongKind.body());
        HttpResponse<String> udp = Http.put(url("/v1/agent/service/register"),
                "{\"Name\":\"u\",\"Checks\":[{\"TTL\":\"10s\"},{\"UDP\":\"" + IP + ":1\",\"Interval\":\"1s\"}]}");
        assertEquals(400, udp.statusCode());
        assertEquals("Invalid check: check type \"udp\" is not available on this agent", udp.body().strip());
        assertTrue(Http.json(Http.get(url("/v1/agent/services"))).path("u").isMissingNode(), "nothing half-registered");

        register("{\"Name\":\"probe\",\"ID\":\"probe-1\",\"Check\":{\"TCP\":\"" + IP + ":1\",\"Interval\":\"10s\"}}");
        HttpResponse<String> pass = Http.put(url("/v1/agent/check/pass/service:probe-1"), "");
        assertEquals(500, pass.statusCode());
        assertEquals("CheckID \"service:probe-1\" does not have associated TTL", pass.body().strip());
    }
}
