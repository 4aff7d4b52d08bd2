package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class KvPutCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writesInlineData() {
        CliRun r = CliRun.run(agent, "kv", "put", "app/db", "postgres");
        assertEquals(0, r.code, r.toString());
        assertEquals("Success! Data written to: app/db\n", r.out);
        assertEquals("postgres", text(agent.value("app/db")));
        FakeAgent.Request req = agent.last();
        assertEquals("PUT", req.method);
        assertEquals("/v1/kv/app/db", req.target());
        assertEquals("application/octet-stream", req.headers.get("content-type"));
    }

    @Test
    void noDataWritesEmptyValueAndFlagsAreSent() {
        CliRun r = CliRun.run(agent, "kv", "put", "-flags=42", "empty");
        assertEquals(0, r.code, r.toString());
        assertEquals(0, agent.value("empty").length);
        assertEquals(42, agent.flags("empty"));
        assertEquals("/v1/kv/empty?flags=42", agent.last().target());
    }

    @Test
    void readsFileAndStdin(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("v.bin");
        Files.write(f, new byte[] {1, 2, 3});
        assertEquals(0, CliRun.run(agent, "kv", "put", "f", "@" + f).code);
        assertArrayEquals(new byte[] {1, 2, 3}, agent.value("f"));
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", agent.address());
        CliRun r = CliRun.run(env, "from stdin\n".getBytes(StandardCharsets.UTF_8), "kv", "put", "s", "-");
        assertEquals(0, r.code, r.toString());
        assertEquals("from stdin\n", text(agent.value("s")));
        CliRun dash = CliRun.run(agent, "kv", "put", "d", "-not-stdin");
        assertEquals(0, dash.code);
        assertEquals("-not-stdin", text(agent.value("d")));
        CliRun missing = CliRun.run(agent, "kv", "put", "m", "@/no/such");
        assertEquals(1, missing.code);
        assertEquals("Error! Failed to read file: open /no/such: no such file or directory\n", missing.err);
    }

    @Test
    void base64Data() {
        assertEquals(0, CliRun.run(agent, "kv", "put", "-base64", "b", "aGVsbG8=").code);
        assertEquals("hello", text(agent.value("b")));
        CliRun bad = CliRun.run(agent, "kv", "put", "-base64", "c", "aGVsbG8");
        assertEquals(1, bad.code);
        assertEquals("Error! Cannot base 64 decode data: illegal base64 data at input byte 4\n", bad.err);
        assertNull(agent.value("c"));
    }

    @Test
    void argumentErrors() {
        assertEquals("Error! Missing KEY argument\n", CliRun.run(agent, "kv", "put").err);
        assertEquals("Error! Too many arguments (expected 1 or 2, got 3)\n",
                CliRun.run(agent, "kv", "put", "a", "b", "c").err);
        assertEquals("Must specify -modify-index with -cas!\n", CliRun.run(agent, "kv", "put", "-cas", "a", "b").err);
        assertEquals("Error! Missing -session (required with -acquire and -release)\n",
                CliRun.run(agent, "kv", "put", "-acquire", "a").err);
        assertTrue(agent.requests().isEmpty());
    }

    @Test
    void checkAndSet() {
        agent.put("c", "v1");
        long idx = agent.modifyIndex("c");
        CliRun ok = CliRun.run(agent, "kv", "put", "-cas", "-modify-index=" + idx, "c", "v2");
        assertEquals(0, ok.code, ok.toString());
        assertEquals("Success! Data written to: c\n", ok.out);
        assertEquals("/v1/kv/c?cas=" + idx, agent.last().target());
        CliRun stale = CliRun.run(agent, "kv", "put", "-cas", "-modify-index=" + idx, "c", "v3");
        assertEquals(1, stale.code);
        assertEquals("Error! Did not write to c: CAS failed\n", stale.err);
        assertEquals("v2", text(agent.value("c")));
    }

    @Test
    void acquireAndRelease() {
        CliRun a = CliRun.run(agent, "kv", "put", "-acquire", "-session=s1", "lock", "me");
        assertEquals("Success! Lock acquired on: lock\n", a.out, a.toString());
        assertEquals("/v1/kv/lock?acquire=s1", agent.last().target());
        CliRun other = CliRun.run(agent, "kv", "put", "-acquire", "-session=s2", "lock");
        assertEquals(1, other.code);
        assertEquals("Error! Did not acquire lock\n", other.err);
        CliRun wrong = CliRun.run(agent, "kv", "put", "-release", "-session=s2", "lock");
        assertEquals("Error! Did not release lock\n", wrong.err);
        CliRun rel = CliRun.run(agent, "kv", "put", "-release", "-session=s1", "lock", "done");
        assertEquals("Success! Lock released on: lock\n", rel.out);
        assertEquals("done", text(agent.value("lock")));
    }

    @Test
    void writeErrors() {
        agent.respond("PUT", "/v1/kv/x", 500, "No cluster leader");
        CliRun r = CliRun.run(agent, "kv", "put", "x", "1");
        assertEquals(1, r.code);
        assertEquals("Error! Failed writing data: Unexpected response code: 500 (No cluster leader)\n", r.err);
        CliRun cas = CliRun.run(agent, "kv", "put", "-cas", "-modify-index=3", "x", "1");
        assertEquals("Error! Did not write to x: Unexpected response code: 500 (No cluster leader)\n", cas.err);
        agent.respond("PUT", "/v1/kv/big", 413, "Request body(600000 bytes) too large, max size: 524288 bytes.");
        assertEquals("Error! Failed writing data: Unexpected response code: 413 (Request body(600000 bytes) too large, "
                + "max size: 524288 bytes.)\n", CliRun.run(agent, "kv", "put", "big", "x").err);
        CliRun slash = CliRun.run(agent, "kv", "put", "/abs", "1");
        assertEquals("Error! Failed writing data: Invalid key. Key must not begin with a '/': /abs\n", slash.err);
    }
}
