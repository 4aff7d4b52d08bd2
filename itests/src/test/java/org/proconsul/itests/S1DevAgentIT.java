package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S1: {@code consul agent -dev} elects itself and serves HTTP on 127.0.0.1:8500, state in memory. */
class S1DevAgentIT {

    @TempDir
    Path tmp;

    @Test
    void S1_devAgentElectsItselfAndServesHttpOnTheDefaultAddress() throws Exception {
        long started = System.nanoTime();
        try (AgentProcess agent = AgentProcess.start(tmp, "127.0.0.1:8500", List.of("-dev"))) {
            agent.awaitLeader(Duration.ofSeconds(60));
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.println("S1: dev agent answered /v1/status/leader after " + ms + " ms");

            HttpResponse<String> leader = Http.get(agent.url("/v1/status/leader"));
            // a dev agent indents every reply and ends it with a newline, as Consul's does
            assertEquals("\"127.0.0.1:8300\"\n", leader.body());
            HttpResponse<String> peers = Http.get(agent.url("/v1/status/peers"));
            assertEquals("127.0.0.1:8300", Http.json(peers).get(0).asText());

            assertEquals("true", Http.put(agent.url("/v1/kv/s1/key"), "in memory").body().strip());
            assertEquals("in memory", Http.get(agent.url("/v1/kv/s1/key?raw")).body());

            HttpResponse<String> self = Http.get(agent.url("/v1/agent/self"));
            assertEquals(200, self.statusCode());
            assertTrue(Http.json(self).at("/Config/Server").asBoolean());
            assertEquals("dc1", Http.json(self).at("/Config/Datacenter").asText());

            assertEquals(0, agent.stop(), "SIGTERM stops the agent cleanly:\n" + agent.output());
            // a server does not leave on SIGTERM (leave_on_terminate is false for servers), as Consul
            assertTrue(agent.output().contains("==> Caught signal: terminated"), agent.output());
            assertTrue(agent.output().contains("Graceful shutdown disabled. Exiting"), agent.output());
        }
        // a -dev agent keeps nothing: a new one starts empty
        try (AgentProcess again = AgentProcess.start(tmp, "127.0.0.1:8500", List.of("-dev"))) {
            again.awaitLeader(Duration.ofSeconds(60));
            assertEquals(404, Http.get(again.url("/v1/kv/s1/key")).statusCode());
            again.stop();
        }
    }
}
