package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

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

    static ConsulCliRun consul(String stdin, String... args) throws Exception {
        return ConsulCliRun.withInput(IP + ":8500", stdin, args);
    }

    @Test
    void S12_kvPutGetDeleteWithConsulsTextsAndExitCodes() throws Exception {
        ConsulCliRun put = consul(null, "kv", "put", "cli/a", "hello");
        assertEquals(0, put.exit(), put.err());
        assertEquals("Success! Data written to: cli/a\n", put.out());

        ConsulCliRun get = consul(null, "kv", "get", "cli/a");
        assertEquals(0, get.exit());
        assertEquals("hello\n", get.out());
        System.out.println("consul kv get took " + get.millis() + " ms (JVM start to exit)");

        ConsulCliRun missing = consul(null, "kv", "get", "cli/none");
        assertEquals(1, missing.exit());
        assertEquals("Error! No key exists at: cli/none\n", missing.err());

        ConsulCliRun noKey = consul(null, "kv", "get");
        assertEquals(1, noKey.exit());
        assertTrue(noKey.err().contains("Error! Missing KEY argument"), noKey.err());

        ConsulCliRun stdin = consul("from stdin", "kv", "put", "cli/b", "-");
        assertEquals(0, stdin.exit(), stdin.err());
        assertEquals("from stdin", consul(null, "kv", "get", "cli/b").out().trim());

        ConsulCliRun recurse = consul(null, "kv", "get", "-recurse", "cli/");
        assertEquals("cli/a:hello\ncli/b:from stdin\n", recurse.out());

        ConsulCliRun delete = consul(null, "kv", "delete", "cli/a");
        assertEquals("Success! Deleted key: cli/a\n", delete.out());
        assertEquals(1, consul(null, "kv", "get", "cli/a").exit());
    }

    @Test
    void S12_exportThenImportRoundTrips() throws Exception {
        consul(null, "kv", "put", "exp/x", "1");
        consul(null, "kv", "put", "exp/y", "2");
        ConsulCliRun export = consul(null, "kv", "export", "exp/");
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().contains("\t{\n\t\t\"key\": \"exp/x\",\n\t\t\"flags\": 0,\n\t\t\"value\": \"MQ==\"\n\t}"),
                export.out());
        consul(null, "kv", "delete", "-recurse", "exp/");
        ConsulCliRun imported = consul(export.out(), "kv", "import", "-");
        assertEquals(0, imported.exit(), imported.err());
        assertEquals("Imported: exp/x\nImported: exp/y\n", imported.out());
        assertEquals("2\n", consul(null, "kv", "get", "exp/y").out());
    }

    @Test
    void membersAndVersion() throws Exception {
        ConsulCliRun members = consul(null, "members");
        assertEquals(0, members.exit(), members.err());
        String[] lines = members.out().split("\n");
        assertTrue(lines[0].matches("Node\\s+Address\\s+Status\\s+Type\\s+Build\\s+Protocol\\s+DC\\s+Segment"), lines[0]);
        assertTrue(lines[1].matches("dev-127\\.0\\.0\\.6\\s+127\\.0\\.0\\.6:8301\\s+alive\\s+server\\s+\\S+\\s+2\\s+dc1\\s+<all>"),
                lines[1]);
        ConsulCliRun version = consul(null, "version");
        assertTrue(version.out().startsWith("Consul v1."), version.out());
    }

    @Test
    void anUnreachableAgentIsAnErrorWithExitOne() throws Exception {
        ConsulCliRun run = consul(null, "kv", "get", "-http-addr=127.0.0.6:9", "x");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("Error querying Consul agent"), run.err());
    }
}
