package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S12, KV part: the HTTP API as Consul's Go api package uses it, against a real agent process. */
class S12KvApiIT {
    private static final String IP = "127.0.0.3";

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

    private static String url(String path) {
        return agent.url(path);
    }

    private static long index(HttpResponse<?> r) {
        String h = r.headers().firstValue("X-Consul-Index").orElseThrow(() -> new AssertionError("no X-Consul-Index"));
        return Long.parseLong(h);
    }

    @Test
    void S12_putGetAndMissingKeyIs404WithIndexHeaders() throws Exception {
        assertEquals("true", Http.put(url("/v1/kv/s12/a?flags=42"), "value-a").body().strip());
        HttpResponse<String> get = Http.get(url("/v1/kv/s12/a"));
        assertEquals(200, get.statusCode());
        JsonNode entry = Http.json(get).get(0);
        assertEquals("s12/a", entry.get("Key").asText());
        assertEquals(42, entry.get("Flags").asLong());
        assertEquals("value-a", new String(Base64.getDecoder().decode(entry.get("Value").asText()), StandardCharsets.UTF_8));
        assertFalse(entry.has("Session"), "an unheld key has no Session field");
        assertEquals(entry.get("ModifyIndex").asLong(), index(get));
        assertEquals("true", get.headers().firstValue("X-Consul-KnownLeader").orElse(""));
        assertEquals("0", get.headers().firstValue("X-Consul-LastContact").orElse(""));

        HttpResponse<String> missing = Http.get(url("/v1/kv/s12/missing"));
        assertEquals(404, missing.statusCode());
        assertEquals("", missing.body());
        assertTrue(index(missing) >= 1, "X-Consul-Index is sent on a 404 too");
        assertEquals("true", missing.headers().firstValue("X-Consul-KnownLeader").orElse(""));
    }

    @Test
    void S12_emptyValueIsNullAndRawReturnsBytes() throws Exception {
        Http.put(url("/v1/kv/s12/empty"), "");
        assertTrue(Http.json(Http.get(url("/v1/kv/s12/empty"))).get(0).get("Value").isNull());
        Http.put(url("/v1/kv/s12/raw"), "plain bytes");
        HttpResponse<String> raw = Http.get(url("/v1/kv/s12/raw?raw"));
        assertEquals("plain bytes", raw.body());
        assertEquals("nosniff", raw.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void S12_casCreatesOnceAndMatchesModifyIndex() throws Exception {
        assertEquals("true", Http.put(url("/v1/kv/s12/cas?cas=0"), "one").body().strip());
        assertEquals("false", Http.put(url("/v1/kv/s12/cas?cas=0"), "two").body().strip());
        long mod = Http.json(Http.get(url("/v1/kv/s12/cas"))).get(0).get("ModifyIndex").asLong();
        assertEquals("false", Http.put(url("/v1/kv/s12/cas?cas=" + (mod + 1000)), "three").body().strip());
        assertEquals("true", Http.put(url("/v1/kv/s12/cas?cas=" + mod), "four").body().strip());
        assertEquals("four", Http.get(url("/v1/kv/s12/cas?raw")).body());
        HttpResponse<String> conflict = Http.put(url("/v1/kv/s12/cas?cas=1&acquire=x"), "x");
        assertEquals(400, conflict.statusCode());
        assertTrue(conflict.body().startsWith("Conflicting flags: "), conflict.body());
    }

    @Test
    void S12_transactionOfSeveralSetsAndRollbackWith409() throws Exception {
        String b64 = Base64.getEncoder().encodeToString("tx".getBytes(StandardCharsets.UTF_8));
        String body = "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"s12/tx/1\",\"Value\":\"" + b64 + "\"}},"
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"s12/tx/2\",\"Value\":\"" + b64 + "\"}},"
                + "{\"KV\":{\"Verb\":\"get\",\"Key\":\"s12/tx/1\"}}]";
        HttpResponse<String> ok = Http.put(url("/v1/txn"), body);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode results = Http.json(ok).get("Results");
        assertEquals(3, results.size());
        assertTrue(results.get(0).get("KV").get("Value").isNull());
        assertEquals(b64, results.get(2).get("KV").get("Value").asText());
        assertTrue(Http.json(ok).get("Errors").isNull());

        String failing = "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"s12/tx/3\",\"Value\":\"" + b64 + "\"}},"
                + "{\"KV\":{\"Verb\":\"cas\",\"Key\":\"s12/tx/1\",\"Index\":1,\"Value\":\"" + b64 + "\"}}]";
        HttpResponse<String> conflict = Http.put(url("/v1/txn"), failing);
        assertEquals(409, conflict.statusCode(), conflict.body());
        JsonNode error = Http.json(conflict).get("Errors").get(0);
        assertEquals(1, error.get("OpIndex").asInt());
        assertEquals("failed to set key \"s12/tx/1\", index is stale", error.get("What").asText());
        assertEquals(404, Http.get(url("/v1/kv/s12/tx/3")).statusCode(), "nothing of a failed txn is stored");

        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 129; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"KV\":{\"Verb\":\"get\",\"Key\":\"k\"}}");
        }
        HttpResponse<String> big = Http.put(url("/v1/txn"), tooMany.append(']').toString());
        assertEquals(413, big.statusCode());
        assertEquals("Transaction contains too many operations (129 > 128)", big.body());
    }

    @Test
    void S12_keysWithPrefixAndSeparatorAndRecurseListing() throws Exception {
        for (String k : new String[] {"s12/dir/a/1", "s12/dir/a/2", "s12/dir/b", "s12/dir/c/d/e"}) {
            Http.put(url("/v1/kv/" + k), "v");
        }
        HttpResponse<String> keys = Http.get(url("/v1/kv/s12/dir/?keys&separator=/"));
        assertEquals("[\"s12/dir/a/\",\"s12/dir/b\",\"s12/dir/c/\"]", Http.json(keys).toString());
        HttpResponse<String> recurse = Http.get(url("/v1/kv/s12/dir/?recurse"));
        assertEquals(4, Http.json(recurse).size());
        assertEquals(404, Http.get(url("/v1/kv/s12/nothing/?keys")).statusCode());
        assertEquals(404, Http.get(url("/v1/kv/s12/nothing/?recurse")).statusCode());
        assertEquals("true", Http.delete(url("/v1/kv/s12/dir/a?recurse")).body().strip());
        assertEquals(2, Http.json(Http.get(url("/v1/kv/s12/dir/?recurse"))).size());
    }

    @Test
    void S12_valuesOver512KiBAreRefusedAndNothingIsStored() throws Exception {
        byte[] big = new byte[512 * 1024 + 1];
        HttpResponse<String> r = Http.put(url("/v1/kv/s12/big"), big);
        assertEquals(413, r.statusCode());
        assertTrue(r.body().startsWith("Request body(524289 bytes) too large, max size: 524288 bytes."), r.body());
        // chunked, with no Content-Length: counted while it arrives
        HttpResponse<String> chunked = Http.send(HttpRequest.newBuilder(URI.create(url("/v1/kv/s12/big")))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[600_000])))
                .build());
        assertEquals(413, chunked.statusCode());
        assertEquals(404, Http.get(url("/v1/kv/s12/big")).statusCode());
        assertEquals("true", Http.put(url("/v1/kv/s12/max"), new byte[512 * 1024]).body().strip());
    }

    @Test
    void S12_blockingQueryReturnsOnChangeWithANewIndex() throws Exception {
        Http.put(url("/v1/kv/s12/watch"), "v1");
        long idx = index(Http.get(url("/v1/kv/s12/watch")));
        CompletableFuture<HttpResponse<String>> parked = CompletableFuture.supplyAsync(() -> {
            try {
                return Http.get(url("/v1/kv/s12/watch?index=" + idx + "&wait=30s"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(500);
        assertFalse(parked.isDone(), "the query parks while nothing changes");
        Http.put(url("/v1/kv/s12/unrelated"), "x");
        Thread.sleep(300);
        assertFalse(parked.isDone(), "a write elsewhere does not answer it");
        long t0 = System.nanoTime();
        Http.put(url("/v1/kv/s12/watch"), "v2");
        HttpResponse<String> woke = parked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - t0) < 5_000_000_000L);
        assertTrue(index(woke) > idx);
        assertEquals("djI=", Http.json(woke).get(0).get("Value").asText());
    }

    @Test
    void S12_blockingQueryReturnsAfterTheWaitWithTheSameIndex() throws Exception {
        Http.put(url("/v1/kv/s12/quiet"), "v");
        long idx = index(Http.get(url("/v1/kv/s12/quiet")));
        long t0 = System.nanoTime();
        HttpResponse<String> r = Http.get(url("/v1/kv/s12/quiet?index=" + idx + "&wait=1s"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertEquals(idx, index(r));
        assertTrue(ms >= 950 && ms < 5000, "waited " + ms + " ms");
    }

    @Test
    void S12_deleteWakesRecurseWatchers() throws Exception {
        Http.put(url("/v1/kv/s12/tree/x"), "v");
        HttpResponse<String> list = Http.get(url("/v1/kv/s12/tree/?recurse"));
        long idx = index(list);
        CompletableFuture<HttpResponse<String>> parked = CompletableFuture.supplyAsync(() -> {
            try {
                return Http.get(url("/v1/kv/s12/tree/?recurse&index=" + idx + "&wait=30s"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        Http.delete(url("/v1/kv/s12/tree/x"));
        HttpResponse<String> woke = parked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(404, woke.statusCode());
        assertTrue(index(woke) > idx, "the tombstone moves the prefix index forward");
    }

    @Test
    void S12_aFormEncodedBodyIsStoredRawAsCurlDashDSendsIt() throws Exception {
        HttpResponse<String> put = Http.send(HttpRequest.newBuilder(URI.create(url("/v1/kv/s12/form")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("a=1&b=%20two")).build());
        assertEquals("true", put.body().strip());
        assertEquals("a=1&b=%20two", Http.get(url("/v1/kv/s12/form?raw")).body());
    }

    @Test
    void S12_percentEncodedSlashIsPartOfTheKey() throws Exception {
        assertEquals("true", Http.put(url("/v1/kv/s12%2Fencoded%2Fkey"), "enc").body().strip());
        assertEquals("enc", Http.get(url("/v1/kv/s12/encoded/key?raw")).body());
    }

    @Test
    void S12_queryOptionErrorsUseConsulsTexts() throws Exception {
        Http.put(url("/v1/kv/s12/a"), "for the consistency checks");
        HttpResponse<String> both = Http.get(url("/v1/kv/s12/a?stale&consistent"));
        assertEquals(400, both.statusCode());
        assertEquals("Cannot specify ?stale with ?consistent, conflicting semantics.", both.body());
        assertEquals("Invalid index", Http.get(url("/v1/kv/s12/a?index=abc")).body());
        assertEquals("Invalid wait time", Http.get(url("/v1/kv/s12/a?index=1&wait=soon")).body());
        HttpResponse<String> dc = Http.get(url("/v1/kv/s12/a?dc=elsewhere"));
        assertEquals(500, dc.statusCode());
        assertEquals("No path to datacenter", dc.body());
        assertEquals("Missing key name", Http.get(url("/v1/kv/")).body());
        HttpResponse<String> consistent = Http.get(url("/v1/kv/s12/a?consistent"));
        assertEquals(200, consistent.statusCode());
        assertEquals("consistent", consistent.headers().firstValue("X-Consul-Effective-Consistency").orElse(""));
        HttpResponse<String> stale = Http.get(url("/v1/kv/s12/a?stale"));
        assertNotNull(stale.headers().firstValue("X-Consul-LastContact").orElse(null));
    }
}
