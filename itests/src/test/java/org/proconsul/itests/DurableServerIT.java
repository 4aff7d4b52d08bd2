package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
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

    /**
     * A full disk (the data dir on a small tmpfs the test mounts, root only): the write that cannot be made
     * durable answers 500 with one line naming the cause, the server stops serving instead of going on with
     * a log it could not write, and after space is freed and the server restarted every acknowledged write
     * is there.
     */
    @Test
    void aFullDiskStopsServingWithAClearErrorAndKeepsEveryAcknowledgedWrite() throws Exception {
        Assumptions.assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "mounting a tmpfs needs root");
        Path disk = tmp.resolve("disk");
        java.nio.file.Files.createDirectories(disk);
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=64m", "proconsul-itest", disk.toString()));
        try {
            List<String> onDisk = List.of("-server", "-bootstrap", "-data-dir", disk.resolve("data").toString(), "-node",
                    "durable", "-bind", IP, "-client", IP);
            byte[] value = new byte[200_000];
            new java.util.Random(7).nextBytes(value);
            String big = java.util.Base64.getEncoder().encodeToString(value).substring(0, 200_000);
            List<String> acknowledged = new ArrayList<>();
            try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", onDisk)) {
                agent.awaitLeader(Duration.ofSeconds(60));
                java.nio.file.FileStore store = java.nio.file.Files.getFileStore(disk);
                // leave about 2 MB: a few more values fit, then the Raft log cannot grow
                long fill = store.getUsableSpace() - (2L << 20);
                assertEquals(0, run("fallocate", "-l", Long.toString(fill), disk.resolve("filler").toString()));
                java.net.http.HttpResponse<String> failed = null;
                for (int i = 0; i < 40 && failed == null; i++) {
                    java.net.http.HttpResponse<String> r = Http.put(agent.url("/v1/kv/full/" + i), big);
                    if (r.statusCode() == 200 && r.body().equals("true")) {
                        acknowledged.add("full/" + i);
                    } else {
                        failed = r;
                    }
                }
                assertTrue(failed != null, "the disk filled up");
                assertEquals(500, failed.statusCode(), failed.body());
                assertTrue(failed.body().contains("No space left on device"), failed.body());
                assertEquals(1, failed.body().strip().lines().count(), failed.body());
                java.net.http.HttpResponse<String> read = Http.get(agent.url("/v1/kv/full/0?raw"));
                assertEquals(500, read.statusCode(), "a server that stopped serving answers no reads: " + read.body());
                assertEquals("\"\"", Http.get(agent.url("/v1/status/leader")).body(), "and names no leader");
                assertTrue(agent.output().contains("raft: this server stops serving"), agent.output());
                agent.kill9();
            }
            java.nio.file.Files.delete(disk.resolve("filler"));
            try (AgentProcess agent = AgentProcess.start(tmp, IP + ":8500", onDisk)) {
                agent.awaitLeader(Duration.ofSeconds(60));
                for (String key : acknowledged) {
                    assertEquals(big, Http.get(agent.url("/v1/kv/" + key + "?raw")).body(), key);
                }
                assertEquals(0, agent.stop());
            }
        } finally {
            run("umount", "-l", disk.toString());
        }
    }

    private static int run(String... command) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            System.err.println(String.join(" ", command) + ": " + out);
        }
        return code;
    }
}
