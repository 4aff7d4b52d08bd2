package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets Consul's status and a one-line text: never a stack trace, an HTML page or a hang. */
class HostileInputIT {
    private static final String IP = "127.0.0.7";

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
            assertTrue(agent.isAlive(), "the agent survived everything:\n" + agent.output());
            assertFalse(agent.output().contains("\tat org.eclipse.jetty"), "no Jetty stack traces in the log");
            agent.close();
        }
    }

    private static void assertOneLine(HttpResponse<String> r) {
        assertFalse(r.body().contains("<html"), r.body());
        assertFalse(r.body().contains("\tat "), r.body());
        assertTrue(r.body().strip().lines().count() <= 1, r.body());
    }

    @Test
    void malformedAndWronglyTypedTransactions() throws Exception {
        String[][] cases = {
            {"{not json", "Failed to parse body: "},
            {"{\"KV\":1}", "Failed to parse body: json: cannot unmarshal object into Go value of type api.TxnOps"},
            {"[1]", "Failed to parse body: "},
            {"[{\"KV\":{\"Verb\":\"set\",\"Key\":5}}]", "Failed to parse body: "},
            {"[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"***\"}}]", "Failed to parse body: "},
            {"[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Flags\":-1}}]", "Failed to parse body: "},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = Http.put(agent.url("/v1/txn"), c[0]);
            assertEquals(400, r.statusCode(), c[0] + " -> " + r.body());
            assertTrue(r.body().startsWith(c[1]), c[0] + " -> " + r.body());
            assertOneLine(r);
        }
        HttpResponse<String> verb = Http.put(agent.url("/v1/txn"), "[{\"KV\":{\"Verb\":\"explode\",\"Key\":\"k\"}}]");
        assertEquals(409, verb.statusCode());
        assertTrue(verb.body().contains("unknown KV verb \\\"explode\\\""), verb.body());
    }

    @Test
    void wrongMethodsAndUnknownPaths() throws Exception {
        HttpResponse<String> post = Http.method("POST", agent.url("/v1/kv/x"));
        assertEquals(405, post.statusCode());
        assertEquals("method POST not allowed", post.body());
        assertEquals("DELETE,GET,OPTIONS,PUT", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> options = Http.method("OPTIONS", agent.url("/v1/txn"));
        assertEquals(200, options.statusCode());
        assertEquals("OPTIONS,PUT", options.headers().firstValue("Allow").orElse(""));
        assertEquals(404, Http.get(agent.url("/v1/nope")).statusCode());
        assertEquals(404, Http.get(agent.url("/health")).statusCode());
        HttpResponse<String> flags = Http.put(agent.url("/v1/kv/x?flags=abc"), "v");
        assertEquals(500, flags.statusCode());
        assertEquals("strconv.ParseUint: parsing \"abc\": invalid syntax", flags.body());
    }

    @Test
    void anAnswerGivenBeforeTheBodyWasReadClosesTheConnection() throws Exception {
        String raw = Http.raw(IP, 8500, ("PUT /v1/kv/x?flags=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nvalue")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(raw.startsWith("HTTP/1.1 500"), raw);
        assertTrue(raw.toLowerCase(java.util.Locale.ROOT).contains("connection: close"),
                "the unread body must not be taken for the next request:\n" + raw);
    }

    @Test
    void hostilePathsAndHugeKeys() throws Exception {
        String raw = Http.raw(IP, 8500, "GET /v1/kv/a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
        assertFalse(raw.contains("<html"), raw);
        HttpResponse<String> nul = Http.put(agent.url("/v1/kv/nul%00key"), "v");
        assertTrue(nul.statusCode() == 200 || nul.statusCode() == 400, nul.statusCode() + " " + nul.body());
        assertOneLine(nul);
        HttpResponse<String> dots = Http.get(agent.url("/v1/kv/../../etc/passwd"));
        assertTrue(dots.statusCode() == 404 || dots.statusCode() == 400, dots.statusCode() + " " + dots.body());
        String longKey = "k".repeat(6000);
        HttpResponse<String> longPut = Http.put(agent.url("/v1/kv/" + longKey), "v");
        assertTrue(longPut.statusCode() == 200 || longPut.statusCode() == 414 || longPut.statusCode() == 431,
                longPut.statusCode() + " " + longPut.body());
        assertOneLine(longPut);
        String huge = Http.raw(IP, 8500, ("GET /v1/kv/" + "k".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(huge.startsWith("HTTP/1.1 4"), huge.substring(0, Math.min(200, huge.length())));
        assertFalse(huge.contains("<html"), huge);
    }

    @Test
    void fuzzedTransactionsAndQueriesAlwaysGetAOneLineAnswer() throws Exception {
        Random random = new Random(11);
        String[] pieces = {"[", "]", "{", "}", ",", ":", "\"KV\"", "\"Verb\"", "\"set\"", "\"get\"", "\"Key\"",
            "\"k\"", "\"Value\"", "\"AAAA\"", "\"Index\"", "1", "-1", "1e999", "null", "true", "\"\\u0000\"",
            "\"Flags\"", "18446744073709551616", "\"Session\"", " "};
        for (int i = 0; i < 150; i++) {
            StringBuilder body = new StringBuilder();
            int n = 1 + random.nextInt(40);
            for (int j = 0; j < n; j++) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            HttpResponse<String> r = Http.put(agent.url("/v1/txn"), body.toString());
            assertTrue(r.statusCode() == 200 || r.statusCode() == 400 || r.statusCode() == 409 || r.statusCode() == 413,
                    body + " -> " + r.statusCode() + " " + r.body());
            assertOneLineOrJson(r);
        }
        String[] params = {"recurse", "keys", "raw", "index=", "index=-5", "index=99999999999999999999", "wait=",
            "wait=-1s", "wait=1h", "separator=", "separator=%00", "cas=", "cas=x", "flags=1.5", "dc=", "stale",
            "consistent", "acquire=", "release=", "pretty", "%zz", "&&&", "=", "index=1&wait=10ms"};
        for (int i = 0; i < 150; i++) {
            StringBuilder query = new StringBuilder();
            int n = random.nextInt(4);
            for (int j = 0; j < n; j++) {
                query.append(j == 0 ? "" : "&").append(params[random.nextInt(params.length)]);
            }
            String method = new String[] {"GET", "PUT", "DELETE"}[random.nextInt(3)];
            String url = agent.url("/v1/kv/fuzz/" + i + "?" + query);
            HttpResponse<String> r;
            try {
                r = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(java.time.Duration.ofSeconds(30))
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("v")).build());
            } catch (IllegalArgumentException badUri) {
                continue;
            }
            assertTrue(r.statusCode() < 500 || r.body().startsWith("strconv.ParseUint") || r.body().equals("missing session")
                    || r.body().startsWith("invalid session"), method + " " + url + " -> " + r.statusCode() + " " + r.body());
            assertOneLineOrJson(r);
        }
    }

    private static void assertOneLineOrJson(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            assertOneLine(r);
        }
        assertFalse(r.body().contains("\tat "), r.body());
    }

    @Test
    void garbageOnTheGossipPortsIsDroppedAndTheMemberListStaysWhole() throws Exception {
        Random random = new Random(23);
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            for (int i = 0; i < 300; i++) {
                byte[] junk = new byte[1 + random.nextInt(i % 10 == 0 ? 60000 : 1500)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length > 3) {
                    junk[0] = 1;  // looks like our wire version: the decoder must still refuse it cleanly
                }
                for (int port : new int[] {8301, 8302}) {
                    udp.send(new java.net.DatagramPacket(junk, junk.length, java.net.InetAddress.getByName(IP), port));
                }
            }
        }
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + random.nextInt(5000)];
            random.nextBytes(junk);
            try (java.net.Socket s = new java.net.Socket(IP, 8301)) {
                s.setSoTimeout(2000);
                s.getOutputStream().write(junk);
                s.getOutputStream().flush();
                s.getInputStream().read();
            } catch (java.io.IOException closedOrReset) {
                // the agent closes what it cannot read: that is the point
            }
        }
        Thread.sleep(500);
        HttpResponse<String> members = Http.get(agent.url("/v1/agent/members"));
        assertEquals(200, members.statusCode());
        assertEquals(1, Http.json(members).size(), members.body());
        assertEquals(1, Http.json(members).get(0).get("Status").asInt(), "still alive: " + members.body());
        assertEquals("true", Http.put(agent.url("/v1/kv/after/gossip/junk"), "ok").body().strip());
    }

    @Test
    void garbageOnTheSocketIsRefusedAndTheServerKeepsServing() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + random.nextInt(4000)];
            random.nextBytes(junk);
            String answer = Http.raw(IP, 8500, junk);
            assertFalse(answer.contains("<html"), answer);
        }
        assertEquals("true", Http.put(agent.url("/v1/kv/still/alive"), "yes").body().strip());
    }

    @Test
    void garbageOnTheServerRpcPortClosesOnlyThatConnection() throws Exception {
        Random random = new Random(31);
        for (int i = 0; i < 60; i++) {
            byte[] junk = new byte[1 + random.nextInt(6000)];
            random.nextBytes(junk);
            // every channel byte, including the real ones (calls 1, raft 2, snapshot 3), followed by junk
            junk[0] = (byte) (i % 5);
            try (java.net.Socket s = new java.net.Socket(IP, 8300)) {
                s.setSoTimeout(3000);
                s.getOutputStream().write(junk);
                s.getOutputStream().flush();
                s.shutdownOutput();
                while (s.getInputStream().read() >= 0) {
                    // whatever comes back, until the agent closes
                }
            } catch (java.io.IOException closedOrReset) {
                // closing what it cannot read is the point
            }
        }
        assertEquals("true", Http.put(agent.url("/v1/kv/after/rpc/junk"), "ok").body().strip());
        HttpResponse<String> leader = Http.get(agent.url("/v1/status/leader"));
        assertEquals("\"" + IP + ":8300\"", leader.body().strip());
    }
}
