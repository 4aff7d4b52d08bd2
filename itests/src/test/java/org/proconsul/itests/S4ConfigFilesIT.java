package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S4: every option can come from JSON or HCL files; flags override files; bad files stop the agent. */
class S4ConfigFilesIT {
    private static final String IP = "127.0.0.4";

    @TempDir
    Path tmp;

    @Test
    void S4_jsonAndHclFilesConfigureTheAgentAndFlagsWin() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("consul.d"));
        Files.writeString(dir.resolve("10-base.json"), """
                {
                  "datacenter": "site-a",
                  "node_name": "from-json",
                  "server": true,
                  "bootstrap_expect": 1,
                  "bind_addr": "%s",
                  "client_addr": "%s",
                  "node_meta": {"rack": "r1"},
                  "limits": {"kv_max_value_size": 1024}
                }
                """.formatted(IP, IP));
        Files.writeString(dir.resolve("20-more.hcl"), """
                # HCL 1, as Consul reads it
                node_name = "from-hcl"
                ports {
                  http = 8500
                }
                performance {
                  raft_multiplier = 1
                }
                """);
        Files.writeString(dir.resolve("notes.txt"), "ignored: not .json or .hcl");
        List<String> args = List.of("-config-dir", dir.toString(), "-data-dir", tmp.resolve("data").toString(),
                "-node", "from-flag");
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args)) {
            agent.awaitLeader(Duration.ofSeconds(60));
            JsonNode self = Http.json(Http.get(agent.url("/v1/agent/self")));
            assertEquals("from-flag", self.at("/Config/NodeName").asText(), "a flag beats both files");
            assertEquals("site-a", self.at("/Config/Datacenter").asText());
            assertEquals("r1", self.at("/Meta/rack").asText());
            assertTrue(Files.exists(tmp.resolve("data/node-id")), "the node id is kept in the data dir");
            assertEquals(Files.readString(tmp.resolve("data/node-id")).trim(), self.at("/Config/NodeID").asText());
            assertEquals(413, Http.put(agent.url("/v1/kv/big"), new byte[2048]).statusCode(),
                    "limits.kv_max_value_size from the JSON file applies");
            assertEquals(200, Http.put(agent.url("/v1/kv/small"), new byte[1000]).statusCode());
            assertTrue(agent.output().contains("BootstrapExpect is set to 1; this is the same as Bootstrap mode."),
                    agent.output());
            assertEquals(0, agent.stop());
        }
    }

    @Test
    void S4_anUnknownKeyStopsTheAgentBeforeItStarts() throws Exception {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\"server\": true, \"no_such_option\": 1}");
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500",
                List.of("-config-file", file.toString(), "-data-dir", tmp.resolve("d").toString()))) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)));
            assertTrue(agent.output().contains("no_such_option"), agent.output());
            assertTrue(!agent.output().contains("Starting Consul agent"), "nothing starts:\n" + agent.output());
        }
    }

    @Test
    void S4_unknownFlagsAndBadValuesExitWithOne() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", List.of("-no-such-flag"))) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)));
            assertTrue(agent.output().contains("flag provided but not defined: -no-such-flag"), agent.output());
        }
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", List.of("-dev", "-http-port", "eighty"))) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)));
            assertTrue(agent.output().contains("-http-port"), agent.output());
        }
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500",
                List.of("-dev", "-config-file", tmp.resolve("missing.json").toString()))) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)));
            assertTrue(agent.output().contains("missing.json"), agent.output());
        }
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", List.of("-server", "-bind", IP))) {
            assertEquals(1, agent.awaitExit(Duration.ofSeconds(30)));
            assertTrue(agent.output().contains("data_dir cannot be empty"), agent.output());
        }
    }
}
