package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;

class KvGetCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    @Test
    void printsValueAndNewline() {
        agent.put("app/db", "postgres");
        CliRun r = CliRun.run(agent, "kv", "get", "app/db");
        assertEquals(0, r.code, r.toString());
        assertEquals("postgres\n", r.out);
        assertEquals("", r.err);
        assertEquals("GET", agent.last().method);
        assertEquals("/v1/kv/app/db", agent.last().target());
    }

    @Test
    void binaryValuesAreWrittenVerbatim() {
        byte[] raw = {0, (byte) 0xff, (byte) 0xc3, '\n'};
        agent.put("bin", raw, 0, "");
        CliRun r = CliRun.run(agent, "kv", "get", "bin");
        assertArrayEquals(new byte[] {0, (byte) 0xff, (byte) 0xc3, '\n', '\n'}, r.outBytes);
        CliRun b64 = CliRun.run(agent, "kv", "get", "-base64", "bin");
        assertEquals("AP/DCg==\n", b64.out);
    }

    @Test
    void leadingSlashIsStripped() {
        agent.put("a", "1");
        assertEquals("1\n", CliRun.run(agent, "kv", "get", "/a").out);
    }

    @Test
    void missingKey() {
        CliRun r = CliRun.run(agent, "kv", "get", "nope");
        assertEquals(1, r.code);
        assertEquals("", r.out);
        assertEquals("Error! No key exists at: nope\n", r.err);
    }

    @Test
    void missingKeyArgumentAndTooMany() {
        CliRun r = CliRun.run(agent, "kv", "get");
        assertEquals(1, r.code);
        assertEquals("Error! Missing KEY argument\n", r.err);
        CliRun many = CliRun.run(agent, "kv", "get", "a", "b");
        assertEquals(1, many.code);
        assertEquals("Too many arguments (expected 1, got 2)\n", many.err);
        assertTrue(agent.requests().isEmpty(), "no request for argument errors");
    }

    @Test
    void detailedIsAlignedLikeConsul() {
        agent.put("app/db", "postgres".getBytes(StandardCharsets.UTF_8), 42, "");
        long idx = agent.modifyIndex("app/db");
        CliRun r = CliRun.run(agent, "kv", "get", "-detailed", "app/db");
        assertEquals(0, r.code, r.toString());
        assertEquals("CreateIndex      " + idx + "\n"
                + "Flags            42\n"
                + "Key              app/db\n"
                + "LockIndex        0\n"
                + "ModifyIndex      " + idx + "\n"
                + "Session          -\n"
                + "Value            postgres\n", r.out);
    }

    @Test
    void detailedShowsSessionAndBase64() {
        agent.put("lock", "held".getBytes(StandardCharsets.UTF_8), 0, "4ad1-sess");
        CliRun r = CliRun.run(agent, "kv", "get", "-detailed", "-base64", "lock");
        assertTrue(r.out.contains("Session          4ad1-sess\n"), r.out);
        assertTrue(r.out.endsWith("Value            aGVsZA==\n"), r.out);
    }

    @Test
    void recursePrintsKeyColonValue() {
        agent.put("app/a", "1").put("app/b", "2").put("other", "3");
        CliRun r = CliRun.run(agent, "kv", "get", "-recurse", "app/");
        assertEquals("app/a:1\napp/b:2\n", r.out);
        assertEquals("/v1/kv/app/?recurse=", agent.last().target());
        CliRun none = CliRun.run(agent, "kv", "get", "-recurse", "zzz");
        assertEquals(0, none.code);
        assertEquals("", none.out);
    }

    @Test
    void recurseDetailedSeparatesBlocksWithBlankLine() {
        agent.put("p/a", "1").put("p/b", "2");
        CliRun r = CliRun.run(agent, "kv", "get", "-recurse", "-detailed", "p/");
        String[] blocks = r.out.split("\n\n");
        assertEquals(2, blocks.length, r.out);
        assertTrue(blocks[0].endsWith("Value            1"));
        assertTrue(blocks[1].endsWith("Value            2\n"));
    }

    @Test
    void keysWithSeparator() {
        agent.put("app/a/x", "1").put("app/a/y", "1").put("app/b", "2");
        CliRun r = CliRun.run(agent, "kv", "get", "-keys", "app/");
        assertEquals("app/a/\napp/b\n", r.out);
        assertEquals("/v1/kv/app/?keys=&separator=%2F", agent.last().target());
        CliRun all = CliRun.run(agent, "kv", "get", "-keys", "-separator=", "app/");
        assertEquals("app/a/x\napp/a/y\napp/b\n", all.out);
        assertEquals("/v1/kv/app/?keys=", agent.last().target());
        CliRun root = CliRun.run(agent, "kv", "get", "-keys");
        assertEquals("app/\n", root.out);
    }

    @Test
    void keysAndRecurseListsKeys() {
        agent.put("k/1", "a").put("k/2", "b");
        CliRun r = CliRun.run(agent, "kv", "get", "-keys", "-recurse", "k/");
        assertEquals("k/1\nk/2\n", r.out);
    }

    @Test
    void staleDatacenterAndTokenAreSent() {
        agent.put("a", "1");
        CliRun.run(agent, "kv", "get", "-stale", "-datacenter=dc2", "-token=secret", "a");
        FakeAgent.Request req = agent.last();
        assertEquals("/v1/kv/a?dc=dc2&stale=", req.target());
        assertEquals("secret", req.headers.get("x-consul-token"));
    }

    @Test
    void tokenFromEnvironmentAndTokenFileWins(@TempDir Path dir) throws Exception {
        agent.put("a", "1");
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", "http://" + agent.address());
        env.put("CONSUL_HTTP_TOKEN", "from-env");
        CliRun.run(env, new byte[0], "kv", "get", "a");
        assertEquals("from-env", agent.last().headers.get("x-consul-token"));
        Path file = dir.resolve("token");
        Files.writeString(file, "  from-file\n");
        CliRun.run(env, new byte[0], "kv", "get", "-token=flag", "-token-file=" + file, "a");
        assertEquals("from-file", agent.last().headers.get("x-consul-token"));
        CliRun bad = CliRun.run(env, new byte[0], "kv", "get", "-token-file=/no/such/file", "a");
        assertEquals(1, bad.code);
        assertEquals("Error connecting to Consul agent: Error loading token file: open /no/such/file: "
                + "no such file or directory\n", bad.err);
    }

    @Test
    void httpAddrFlagBeatsEnvironment() {
        agent.put("a", "flag");
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", "127.0.0.1:1");
        CliRun r = CliRun.run(env, new byte[0], "kv", "get", "-http-addr", "http://" + agent.address(), "a");
        assertEquals("flag\n", r.out, r.toString());
    }

    @Test
    void serverErrorIsReportedWithBody() {
        agent.respond("GET", "/v1/kv/a", 500, "No cluster leader\n");
        CliRun r = CliRun.run(agent, "kv", "get", "a");
        assertEquals(1, r.code);
        assertEquals("Error querying Consul agent: Unexpected response code: 500 (No cluster leader)\n", r.err);
    }

    @Test
    void connectionRefusedLooksLikeGo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", "127.0.0.1:" + port);
        CliRun r = CliRun.run(env, new byte[0], "kv", "get", "a b");
        assertEquals(1, r.code);
        assertEquals("Error querying Consul agent: Get \"http://127.0.0.1:" + port + "/v1/kv/a%20b\": dial tcp 127.0.0.1:"
                + port + ": connect: connection refused\n", r.err);
    }

    @Test
    void unknownSchemeAndUnsupportedTls() {
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", "ftp://x:1");
        CliRun r = CliRun.run(env, new byte[0], "kv", "get", "a");
        assertEquals(1, r.code);
        assertEquals("Error connecting to Consul agent: Unknown protocol scheme: ftp\n", r.err);
        CliRun tls = CliRun.run(env, new byte[0], "kv", "get", "-http-addr=https://127.0.0.1:1", "-ca-file=/ca.pem", "a");
        assertEquals(1, tls.code);
        assertTrue(tls.err.startsWith("Error connecting to Consul agent: -ca-file (CONSUL_CACERT) is not supported"),
                tls.err);
    }

    @Test
    void unknownFlagPrintsGoErrorAndHelp() {
        CliRun r = CliRun.run(agent, "kv", "get", "-nope", "a");
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith("flag provided but not defined: -nope\nUsage: consul kv get [options] [KEY_OR_PREFIX]\n"),
                r.err);
        assertTrue(r.err.contains("\nHTTP API Options\n\n  -ca-file=<value>\n"), r.err);
        assertTrue(r.err.contains("\nCommand Options\n\n  -base64\n"), r.err);
        assertEquals("", r.out);
    }
}
