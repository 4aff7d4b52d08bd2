package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable single server ({@code -server -bootstrap -data-dir}) keeps every acknowledged write across
 * {@code kill -9}: the Raft log is fsynced before the answer, the state store is rebuilt from it.
 */
class DurableServerIT {
    private static final String IP = "127.0.0.5";

    @TempDir
    Path tmp;

    private List<String> args() {
        return List.of("-server", "-bootstrap", "-data-dir", tmp.resolve("data").toString(), "-node", "durable",
                "-bind", IP, "-client", IP);
    }

    @Test
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args())) {
            agent.awaitLeader(Duration.ofSeconds(60));
            for (int i = 0; i < 200; i++) {
                String key = "durable/" + i;
                if (Http.put(agent.url("/v1/kv/" + key), "value-" + i).body().equals("true")) {
                    acknowledged.add(key);
                }
            }
            Http.delete(agent.url("/v1/kv/durable/0"));
            acknowledged.remove("durable/0");
            agent.kill9();
        }
        assertEquals(199, acknowledged.size());
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args())) {
            agent.awaitLeader(Duration.ofSeconds(60));
            for (String key : acknowledged) {
                String n = key.substring("durable/".length());
                assertEquals("value-" + n, Http.get(agent.url("/v1/kv/" + key + "?raw")).body(), key);
            }
            assertEquals(404, Http.get(agent.url("/v1/kv/durable/0")).statusCode(), "the delete survived too");
            assertEquals(0, agent.stop());
        }
    }

    @Test
    void aRaftLogIsNeverServedUnderAnotherNodeId() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args())) {
            agent.awaitLeader(Duration.ofSeconds(60));
            assertEquals(0, agent.stop());
        }
        List<String> other = new java.util.ArrayList<>(args());
        other.addAll(List.of("-node-id", "0b4c6a3e-0000-4000-8000-000000000001"));
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", other)) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(60)), agent.output());
            assertTrue(agent.output().contains("==> Error starting agent: raft: this data directory holds the Raft log"
                    + " of server id "), agent.output());
            assertTrue(agent.output().contains("refusing to start"), agent.output());
        }
    }
}
