package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's server command line, where {@code -log-file} names the data directory itself: newest
 * Consul would fail to open a directory as its log file; Proconsul logs to {@code <dir>/consul.log}.
 */
class SeedServerCommandIT {
    private static final String IP = "127.0.0.9";

    @TempDir
    Path tmp;

    @Test
    void S2_seedServerCommandWithLogFileNamingTheDataDir() throws Exception {
        Path dir = tmp.resolve("consul/root");
        List<String> args = List.of("-server", "--bootstrap-expect=1", "-node=root", "-bind", IP, "-client", IP,
                "-data-dir=" + dir, "-log-file=" + dir);
        try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", args)) {
            agent.awaitLeader(Duration.ofSeconds(60));
            assertEquals("\"" + IP + ":8300\"", Http.get(agent.url("/v1/status/leader")).body());
            Path log = dir.resolve("consul.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((!Files.exists(log) || !Files.readString(log).contains("became leader"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(log), "log file in the data dir:\n" + agent.output());
            assertTrue(Files.readString(log).contains("raft: became leader"), Files.readString(log));
            assertTrue(Files.exists(dir.resolve("node-id")));
            assertEquals(0, agent.stop());
        }
    }
}
