package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code consul} command against a running agent: Consul's texts and exit codes (S12's KV part by CLI). */
class ConsulCliIT {
    private static final String IP = "127.0.0.6";

    @TempDir
    static Path tmp;
    static AgentProcess agent;

    record Run(int exit, String out, String err, long millis) {
    }

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    static Run consul(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(AgentProcess.CONSUL.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CONSUL_HTTP_ADDR", IP + ":8500");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("consul " + args + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void S12_kvPutGetDeleteWithConsulsTextsAndExitCodes() throws Exception {
        Run put = consul(null, "kv", "put", "cli/a", "hello");
        assertEquals(0, put.exit(), put.err());
        assertEquals("Success! Data written to: cli/a\n", put.out());

        Run get = consul(null, "kv", "get", "cli/a");
        assertEquals(0, get.exit());
        assertEquals("hello\n", get.out());
        System.out.println("consul kv get took " + get.millis() + " ms (JVM start to exit)");

        Run missing = consul(null, "kv", "get", "cli/none");
        assertEquals(1, missing.exit());
        assertEquals("Error! No key exists at: cli/none\n", missing.err());

        Run noKey = consul(null, "kv", "get");
        assertEquals(1, noKey.exit());
        assertTrue(noKey.err().contains("Error! Missing KEY argument"), noKey.err());

        Run stdin = consul("from stdin", "kv", "put", "cli/b", "-");
        assertEquals(0, stdin.exit(), stdin.err());
        assertEquals("from stdin", consul(null, "kv", "get", "cli/b").out().trim());

        Run recurse = consul(null, "kv", "get", "-recurse", "cli/");
        assertEquals("cli/a:hello\ncli/b:from stdin\n", recurse.out());

        Run delete = consul(null, "kv", "delete", "cli/a");
        assertEquals("Success! Deleted key: cli/a\n", delete.out());
        assertEquals(1, consul(null, "kv", "get", "cli/a").exit());
    }

    @Test
    void S12_exportThenImportRoundTrips() throws Exception {
        consul(null, "kv", "put", "exp/x", "1");
        consul(null, "kv", "put", "exp/y", "2");
        Run export = consul(null, "kv", "export", "exp/");
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().contains("\t{\n\t\t\"key\": \"exp/x\",\n\t\t\"flags\": 0,\n\t\t\"value\": \"MQ==\"\n\t}"),
                export.out());
        consul(null, "kv", "delete", "-recurse", "exp/");
        Run imported = consul(export.out(), "kv", "import", "-");
        assertEquals(0, imported.exit(), imported.err());
        assertEquals("Imported: exp/x\nImported: exp/y\n", imported.out());
        assertEquals("2\n", consul(null, "kv", "get", "exp/y").out());
    }

    @Test
    void membersAndVersion() throws Exception {
        Run members = consul(null, "members");
        assertEquals(0, members.exit(), members.err());
        String[] lines = members.out().split("\n");
        assertTrue(lines[0].matches("Node\\s+Address\\s+Status\\s+Type\\s+Build\\s+Protocol\\s+DC\\s+Segment"), lines[0]);
        assertTrue(lines[1].matches("dev-127\\.0\\.0\\.6\\s+127\\.0\\.0\\.6:8301\\s+alive\\s+server\\s+\\S+\\s+2\\s+dc1\\s+<all>"),
                lines[1]);
        Run version = consul(null, "version");
        assertTrue(version.out().startsWith("Consul v1."), version.out());
    }

    @Test
    void anUnreachableAgentIsAnErrorWithExitOne() throws Exception {
        Run run = consul(null, "kv", "get", "-http-addr=127.0.0.6:9", "x");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("Error querying Consul agent"), run.err());
    }
}
