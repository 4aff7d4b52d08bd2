package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many agents run at once from one build, each with its own instance; a required listener that cannot bind stops the agent. */
class ManyAgentsIT {

    @TempDir
    Path tmp;

    @Test
    void threeAgentsRunAtOnceFromOneDistributionWithoutSharingState() throws Exception {
        List<AgentProcess> agents = new ArrayList<>();
        try {
            agents.add(AgentProcess.start(tmp, "127.0.0.10:8500",
                    List.of("-dev", "-bind", "127.0.0.10", "-client", "127.0.0.10", "-node", "a")));
            agents.add(AgentProcess.start(tmp, "127.0.0.11:8500",
                    List.of("-dev", "-bind", "127.0.0.11", "-client", "127.0.0.11", "-node", "b")));
            agents.add(AgentProcess.start(tmp, "127.0.0.12:8500", List.of("-server", "-bootstrap", "-node", "c",
                    "-bind", "127.0.0.12", "-client", "127.0.0.12", "-data-dir", tmp.resolve("c").toString())));
            for (AgentProcess agent : agents) {
                agent.awaitLeader(Duration.ofSeconds(90));
            }
            for (int i = 0; i < agents.size(); i++) {
                Http.put(agents.get(i).url("/v1/kv/who"), "agent-" + i);
            }
            for (int i = 0; i < agents.size(); i++) {
                assertEquals("agent-" + i, Http.get(agents.get(i).url("/v1/kv/who?raw")).body());
            }
            for (AgentProcess agent : agents) {
                assertEquals(0, agent.stop());
            }
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
        }
    }

    @Test
    void anAgentWhoseHttpListenerCannotBindExitsWithOneAndSaysWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(8500, 1, InetAddress.getByName("127.0.0.13"))) {
            try (AgentProcess agent = AgentProcess.start(tmp, "127.0.0.13:8500",
                    List.of("-dev", "-bind", "127.0.0.13", "-client", "127.0.0.13"),
                    java.util.Map.of("PROCONSUL_START_TIMEOUT_SECONDS", "15"))) {
                assertEquals(1, agent.awaitExit(Duration.ofSeconds(60)));
                String out = agent.output();
                assertTrue(out.contains("HTTP listener 127.0.0.13:8500"), out);
                assertTrue(out.contains("Address already in use"), out);
            }
        }
    }
}
