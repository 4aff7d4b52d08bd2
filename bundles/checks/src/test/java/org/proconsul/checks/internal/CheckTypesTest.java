package org.proconsul.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckRefusedException;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;

/** Each built-in type run once against real sockets, servers and processes on this machine. */
class CheckTypesTest {
    private HttpServer http;
    private final AtomicReference<String> seenHeaders = new AtomicReference<>("");
    private boolean scripts = true;
    private final CheckContext context = new CheckContext() {
        @Override
        public String nodeName() {
            return "n1";
        }

        @Override
        public boolean scriptChecks() {
            return scripts;
        }

        @Override
        public boolean localScriptChecks() {
            return false;
        }

        @Override
        public java.util.Set<String> localServices() {
            return java.util.Set.of("web", "db", "empty");
        }

        @Override
        public Map<String, HealthCheck> localChecks() {
            return Map.of("web-check", check("web-check", "web", HealthCheck.WARNING),
                    "node-check", check("node-check", "", HealthCheck.PASSING),
                    "db-check", check("db-check", "db", HealthCheck.CRITICAL));
        }

        @Override
        public CompletionStage<List<HealthCheck>> catalogNodeChecks(String node) {
            return CompletableFuture.completedFuture(List.of(check("serfHealth", "", HealthCheck.PASSING)));
        }
    };

    private static HealthCheck check(String id, String service, String status) {
        return new HealthCheck("n1", id, id, status, "", "", service, service, List.of(), "ttl", 0, 0);
    }

    @BeforeEach
    void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seenHeaders.set(ex.getRequestMethod() + " ua=" + ex.getRequestHeaders().getFirst("User-Agent") + " x="
                    + ex.getRequestHeaders().getFirst("X-Probe") + " body="
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int code = Integer.parseInt(path.substring(1));
            byte[] body = path.equals("/200") ? "all good".getBytes(StandardCharsets.UTF_8)
                    : "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    private static CheckSpec spec(String type, Map<String, Object> params) {
        return new CheckSpec("c1", "", type, Duration.ofSeconds(10), Duration.ofSeconds(2), null, false, params);
    }

    private CheckResult run(CheckType type, CheckSpec spec) {
        CheckPlan plan = type.plan(spec, context);
        return type.run(spec, plan, context).toCompletableFuture().join();
    }

    @Test
    void httpMapsStatusesAsConsulAndSendsTheDefinedRequest() {
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        HttpCheckType type = new HttpCheckType();
        CheckResult ok = run(type, spec("http", Map.of("HTTP", base + "/200", "Method", "POST",
                "Header", Map.of("X-Probe", List.of("yes")), "Body", "ping")));
        assertEquals(HealthCheck.PASSING, ok.status());
        assertEquals("HTTP POST " + base + "/200: 200 OK Output: all good", ok.output());
        assertEquals("POST ua=Consul Health Check x=yes body=ping", seenHeaders.get());
        CheckResult busy = run(type, spec("http", Map.of("HTTP", base + "/429")));
        assertEquals(HealthCheck.WARNING, busy.status());
        assertTrue(busy.output().startsWith("HTTP GET " + base + "/429: 429 Too Many Requests Output: xxx"));
        assertEquals(4096, busy.output().length() - busy.output().indexOf("Output: ") - "Output: ".length(),
                "the body's last 4 KiB");
        assertEquals(HealthCheck.CRITICAL, run(type, spec("http", Map.of("HTTP", base + "/503"))).status());
        http.stop(0);
        CheckResult down = run(type, spec("http", Map.of("HTTP", base + "/200")));
        assertEquals(CheckResult.critical("Get \"" + base + "/200\": dial tcp 127.0.0.1:" + http.getAddress().getPort()
                + ": connect: connection refused"), down);
    }

    @Test
    void intervalIsRequiredAndTimeoutDefaultsPerType() {
        CheckSpec noInterval = new CheckSpec("c1", "", "http", null, null, null, false, Map.of("HTTP", "http://x/"));
        assertEquals(IntervalRules.INTERVAL_REQUIRED,
                assertThrows(InvalidCheckException.class, () -> new HttpCheckType().plan(noInterval, context)).getMessage());
        CheckSpec both = new CheckSpec("c1", "", "tcp", Duration.ofSeconds(1), null, Duration.ofSeconds(1), false,
                Map.of("TCP", "x:1"));
        assertEquals(IntervalRules.INTERVAL_AND_TTL,
                assertThrows(InvalidCheckException.class, () -> new TcpCheckType().plan(both, context)).getMessage());
        CheckSpec plain = new CheckSpec("c1", "", "tcp", Duration.ofSeconds(5), null, null, false, Map.of("TCP", "x:1"));
        assertEquals(new CheckPlan(Duration.ofSeconds(5), Duration.ofSeconds(10)), new TcpCheckType().plan(plain, context));
        CheckSpec ttl = new CheckSpec("c1", "", "ttl", null, null, Duration.ZERO, false, Map.of());
        assertEquals("TTL must be > 0 for TTL checks",
                assertThrows(InvalidCheckException.class, () -> new TtlCheckType().plan(ttl, context)).getMessage());
    }

    @Test
    void tcpPassesOnAnOpenPortAndSaysWhyOtherwise() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = listener.getLocalPort();
            CheckResult open = run(new TcpCheckType(), spec("tcp", Map.of("TCP", "127.0.0.1:" + port)));
            assertEquals(CheckResult.passing("TCP connect 127.0.0.1:" + port + ": Success"), open);
        }
        CheckResult closed = run(new TcpCheckType(), spec("tcp", Map.of("TCP", "127.0.0.1:" + port)));
        assertEquals(CheckResult.critical("dial tcp 127.0.0.1:" + port + ": connect: connection refused"), closed);
        assertEquals(CheckResult.critical("dial tcp: address 127.0.0.1: missing port in address"),
                run(new TcpCheckType(), spec("tcp", Map.of("TCP", "127.0.0.1"))));
    }

    @Test
    void scriptsMapExitCodesAndAreRefusedWhenDisabled() {
        ScriptCheckType type = new ScriptCheckType();
        assertEquals(CheckResult.passing("fine\n"),
                run(type, spec("script", Map.of("Args", List.of("sh", "-c", "echo fine")))));
        assertEquals(CheckResult.warning("slow\n"),
                run(type, spec("script", Map.of("Args", List.of("sh", "-c", "echo slow >&2; exit 1")))));
        assertEquals(HealthCheck.CRITICAL,
                run(type, spec("script", Map.of("ScriptArgs", List.of("sh", "-c", "exit 2")))).status());
        CheckResult chatty = run(type, spec("script", Map.of("Args", List.of("sh", "-c",
                "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done"))));
        assertTrue(chatty.output().startsWith("Captured 4096 of 18890 bytes\n...\n"), chatty.output().substring(0, 40));
        assertTrue(chatty.output().endsWith("line 1999\n"), "the tail is kept; the child never blocks on its pipe");
        assertEquals(CheckResult.critical("exec: \"no-such-program-here\": executable file not found in $PATH"),
                run(type, spec("script", Map.of("Args", List.of("no-such-program-here")))));
        CheckSpec slow = new CheckSpec("c1", "", "script", Duration.ofSeconds(10), Duration.ofMillis(500), null, false,
                Map.of("Args", List.of("sh", "-c", "echo started; sleep 30")));
        assertEquals(CheckResult.critical("Timed out (500ms) running check\n\nstarted\n"), run(type, slow));
        scripts = false;
        assertEquals(ScriptCheckType.DISABLED_REMOTE, assertThrows(CheckRefusedException.class,
                () -> type.plan(spec("script", Map.of("Args", List.of("true"))), context)).getMessage());
    }

    @Test
    void aliasTakesTheWorstOfTheNodeAndTheServiceChecks() {
        AliasCheckType type = new AliasCheckType();
        CheckSpec web = new CheckSpec("a", "", "alias", null, null, null, false, Map.of("AliasService", "web"));
        assertEquals(CheckResult.warning("Aliased check \"web-check\" failing: "), run(type, web));
        CheckSpec db = new CheckSpec("a", "", "alias", null, null, null, false, Map.of("AliasService", "db"));
        assertEquals(CheckResult.critical("Aliased check \"db-check\" failing: "), run(type, db));
        CheckSpec empty = new CheckSpec("a", "", "alias", null, null, null, false, Map.of("AliasService", "empty"));
        assertEquals(CheckResult.passing("All checks passing."), run(type, empty), "the node's own checks count");
        CheckSpec ghost = new CheckSpec("a", "", "alias", null, null, null, false, Map.of("AliasService", "ghost"));
        assertEquals(CheckResult.critical("Service ghost could not be found on node "), run(type, ghost));
        CheckSpec remote = new CheckSpec("a", "", "alias", null, null, null, false, Map.of("AliasNode", "n2"));
        assertEquals(CheckResult.passing("All checks passing."), run(type, remote));
        CheckSpec none = new CheckSpec("a", "", "alias", null, null, null, false, Map.of());
        assertThrows(InvalidCheckException.class, () -> type.plan(none, context));
    }
}
