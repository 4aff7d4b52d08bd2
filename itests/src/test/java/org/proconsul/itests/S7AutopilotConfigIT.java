package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autopilot's settings live in Raft (S7): the first leader stores the {@code autopilot} block of its
 * configuration, {@code consul operator autopilot get-config} prints them as Consul does, {@code
 * set-config} changes them with check-and-set, and a restart with the same file keeps what set-config
 * wrote. The HTTP endpoint refuses bad bodies with Consul's 400 texts.
 */
class S7AutopilotConfigIT {
    private static final String IP = "127.0.0.91";
    private static final String ADDR = IP + ":8500";
    private static final String PATH = "/v1/operator/autopilot/configuration";

    @TempDir
    Path tmp;

    private AgentProcess start(Path config) throws Exception {
        AgentProcess agent = AgentProcess.start(tmp, ADDR, List.of("-server", "-bootstrap", "-node", "ap1",
                "-bind", IP, "-client", IP, "-data-dir", tmp.resolve("data").toString(), "-config-file",
                config.toString()));
        agent.awaitLeader(Duration.ofSeconds(60));
        return agent;
    }

    /** The leader stores its settings shortly after it is elected. */
    private static String awaitSettings() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ConsulCliRun run;
        do {
            run = ConsulCliRun.run(ADDR, "operator", "autopilot", "get-config");
            if (run.exit() == 0) {
                return run.out();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("get-config kept failing: " + run.err());
    }

    @Test
    void S7_theFileSeedsOnceAndSetConfigWinsAcrossRestarts() throws Exception {
        Path config = tmp.resolve("autopilot.hcl");
        Files.writeString(config, """
                autopilot {
                  max_trailing_logs = 100
                  server_stabilization_time = "30s"
                }
                """);
        try (AgentProcess agent = start(config)) {
            assertEquals("""
                    CleanupDeadServers = true
                    LastContactThreshold = 200ms
                    MaxTrailingLogs = 100
                    MinQuorum = 0
                    ServerStabilizationTime = 30s
                    RedundancyZoneTag = ""
                    DisableUpgradeMigration = false
                    UpgradeVersionTag = ""
                    """, awaitSettings());

            ConsulCliRun set = ConsulCliRun.run(ADDR, "operator", "autopilot", "set-config",
                    "-cleanup-dead-servers=false", "-last-contact-threshold=500ms", "-min-quorum", "3");
            assertEquals(0, set.exit(), set.err());
            assertEquals("Configuration updated!\n", set.out());

            JsonNode stored = Http.json(Http.get(agent.url(PATH)));
            assertEquals(false, stored.get("CleanupDeadServers").asBoolean());
            assertEquals("500ms", stored.get("LastContactThreshold").asText());
            assertEquals(100, stored.get("MaxTrailingLogs").asLong(), "flags not given stay as they were");
            assertEquals(3, stored.get("MinQuorum").asLong());
            assertTrue(stored.get("ModifyIndex").asLong() > stored.get("CreateIndex").asLong(), stored.toString());

            // a check-and-set on an index that is no longer current changes nothing
            long stale = stored.get("CreateIndex").asLong();
            HttpResponse<String> casStale = Http.put(agent.url(PATH + "?cas=" + stale), "{\"MaxTrailingLogs\": 1}");
            assertEquals(200, casStale.statusCode());
            assertEquals("false", casStale.body());
            HttpResponse<String> casCurrent = Http.put(agent.url(PATH + "?cas=" + stored.get("ModifyIndex").asLong()),
                    stored.toString());
            assertEquals("true", casCurrent.body());

            ConsulCliRun badFlag = ConsulCliRun.run(ADDR, "operator", "autopilot", "set-config",
                    "-server-stabilization-time=soon");
            assertEquals(1, badFlag.exit());
            assertTrue(badFlag.err().startsWith(
                    "invalid value \"soon\" for flag -server-stabilization-time: time: invalid duration \"soon\""),
                    badFlag.err());
            ConsulCliRun negative = ConsulCliRun.run(ADDR, "operator", "autopilot", "set-config", "-min-quorum=-1");
            assertEquals(1, negative.exit());
            assertTrue(negative.err().startsWith("invalid value \"-1\" for flag -min-quorum"), negative.err());
            assertEquals(0, agent.stop());
        }

        // the same file again: the stored settings stay as set-config left them
        try (AgentProcess agent = start(config)) {
            String after = awaitSettings();
            assertTrue(after.startsWith("CleanupDeadServers = false\nLastContactThreshold = 500ms\n"
                    + "MaxTrailingLogs = 100\nMinQuorum = 3\n"), after);
            assertEquals(0, agent.stop());
        }
    }

    @Test
    void S7_badBodiesAndCasValuesAreRefusedWithConsulsTexts() throws Exception {
        Path config = tmp.resolve("empty.hcl");
        Files.writeString(config, "");
        try (AgentProcess agent = start(config)) {
            awaitSettings();
            String[][] cases = {
                {"", "Error parsing autopilot config: EOF"},
                {"{", "Error parsing autopilot config: unexpected EOF"},
                {"nonsense", "Error parsing autopilot config: invalid character 'n' looking for beginning of value"},
                {"[]", "Error parsing autopilot config: json: cannot unmarshal array into Go value of type"
                        + " api.AutopilotConfiguration"},
                {"{\"Foo\": 1}", "Error parsing autopilot config: json: unknown field \"Foo\""},
                {"{\"MaxTrailingLogs\": -1}", "Error parsing autopilot config: json: cannot unmarshal number -1 into"
                        + " Go struct field AutopilotConfiguration.MaxTrailingLogs of type uint64"},
                {"{\"MinQuorum\": \"3\"}", "Error parsing autopilot config: json: cannot unmarshal string into"
                        + " Go struct field AutopilotConfiguration.MinQuorum of type uint"},
                {"{\"LastContactThreshold\": \"abc\"}", "Error parsing autopilot config: time: invalid duration \"abc\""},
                {"{\"LastContactThreshold\": \"-1s\"}",
                    "Error parsing autopilot config: LastContactThreshold must not be negative"},
            };
            for (String[] c : cases) {
                HttpResponse<String> r = Http.put(agent.url(PATH), c[0]);
                assertEquals(400, r.statusCode(), c[0]);
                assertEquals(c[1], r.body(), c[0]);
            }
            HttpResponse<String> badCas = Http.put(agent.url(PATH + "?cas=x"), "{}");
            assertEquals(400, badCas.statusCode());
            assertEquals("Error parsing cas value: strconv.ParseUint: parsing \"x\": invalid syntax", badCas.body());

            // numbers of nanoseconds are durations too, and field names match without case, as Go decodes
            HttpResponse<String> ok = Http.put(agent.url(PATH), "{\"lastcontactthreshold\": 300000000}");
            assertEquals("true", ok.body());
            JsonNode stored = Http.json(Http.get(agent.url(PATH)));
            assertEquals("300ms", stored.get("LastContactThreshold").asText());
            assertEquals("10s", stored.get("ServerStabilizationTime").asText(), "a missing field is the default");
            assertEquals(405, Http.method("POST", agent.url(PATH)).statusCode());
            assertEquals(0, agent.stop());
        }
    }
}
