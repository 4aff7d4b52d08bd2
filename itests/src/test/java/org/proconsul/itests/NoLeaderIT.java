package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that has not bootstrapped has no leader: status says so with an empty string, writes and
 * default reads answer Consul's {@code 500 No cluster leader} after the hold timeout, stale reads are
 * served with {@code X-Consul-KnownLeader: false}, and the CLI prints Consul's error line (S9's texts).
 */
class NoLeaderIT {
    private static final String IP = "127.0.0.14";

    @TempDir
    Path tmp;

    @Test
    void S9_withoutALeaderRequestsAnswerNoClusterLeader() throws Exception {
        Path config = tmp.resolve("hold.hcl");
        Files.writeString(config, "performance {\n  rpc_hold_timeout = \"1s\"\n}\n");
        List<String> args = List.of("-server", "-data-dir", tmp.resolve("data").toString(), "-node", "lonely",
                "-bind", IP, "-client", IP, "-config-file", config.toString());
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args)) {
            HttpResponse<String> leader = awaitHttp(agent);
            assertEquals("\"\"", leader.body());

            long t0 = System.nanoTime();
            HttpResponse<String> put = Http.put(agent.url("/v1/kv/x"), "v");
            long heldMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(500, put.statusCode());
            assertEquals("No cluster leader", put.body());
            assertTrue(heldMs >= 900, "held for the rpc_hold_timeout first, was " + heldMs + " ms");

            HttpResponse<String> get = Http.get(agent.url("/v1/kv/x"));
            assertEquals(500, get.statusCode());
            assertEquals("No cluster leader", get.body());

            HttpResponse<String> stale = Http.get(agent.url("/v1/kv/x?stale"));
            assertEquals(404, stale.statusCode());
            assertEquals("false", stale.headers().firstValue("X-Consul-KnownLeader").orElse(""));

            ConsulCliRun cli = ConsulCliRun.run(IP + ":8500", "kv", "put", "x", "v");
            assertEquals(1, cli.exit());
            assertTrue(cli.err().contains("Unexpected response code: 500 (No cluster leader)"), cli.err());
            assertEquals(0, agent.stop());
        }
    }

    private static HttpResponse<String> awaitHttp(AgentProcess agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return Http.get(agent.url("/v1/status/leader"));
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline || !agent.isAlive()) {
                    throw new AssertionError("HTTP never came up:\n" + agent.output(), e);
                }
                Thread.sleep(100);
            }
        }
    }
}
