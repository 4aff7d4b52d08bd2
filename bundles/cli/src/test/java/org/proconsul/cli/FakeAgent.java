package org.proconsul.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stand-in agent for unit tests: a JDK {@code HttpServer} on 127.0.0.1 with an ephemeral port, a tiny
 * in-memory KV store with Consul's reply shapes (404 for absent keys, {@code true}/{@code false} for writes,
 * cas/acquire/release), canned replies for any other route, and a log of every request received.
 *
 * <p>A test class gets a fresh one per test, stopped after it, with
 * {@code @RegisterExtension final FakeAgent agent = FakeAgent.perTest();}.
 */
public final class FakeAgent implements AutoCloseable, AfterEachCallback {

    /** One request as the agent saw it. */
    public static final class Request {
        public final String method;
        public final String rawPath;
        public final String rawQuery;
        public final Map<String, String> headers;
        public final byte[] body;

        Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.headers = headers;
            this.body = body;
        }

        public String target() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    private static final class Entry {
        byte[] value;
        long flags;
        String session = "";
        long lockIndex;
        long createIndex;
        long modifyIndex;
    }

    private static final class Canned {
        final int status;
        final String body;

        Canned(int status, String body) {
            this.status = status;
            this.body = body;
        }
    }

    private final HttpServer server;
    private final TreeMap<String, Entry> kv = new TreeMap<>();
    private final Map<String, Canned> canned = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private long index = 10;

    private FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A started agent; as a test's {@code @RegisterExtension} field it is closed after each test. */
    public static FakeAgent perTest() {
        try {
            return new FakeAgent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answer {@code method path} (path without query) with this status and body from now on. */
    public synchronized FakeAgent respond(String method, String path, int status, String body) {
        canned.put(method + " " + path, new Canned(status, body));
        return this;
    }

    public synchronized FakeAgent put(String key, String value) {
        return put(key, value.getBytes(StandardCharsets.UTF_8), 0, "");
    }

    public synchronized FakeAgent put(String key, byte[] value, long flags, String session) {
        Entry e = kv.computeIfAbsent(key, k -> new Entry());
        index++;
        if (e.createIndex == 0) {
            e.createIndex = index;
        }
        e.modifyIndex = index;
        e.value = value;
        e.flags = flags;
        e.session = session;
        return this;
    }

    public synchronized byte[] value(String key) {
        Entry e = kv.get(key);
        return e == null ? null : e.value;
    }

    public synchronized long flags(String key) {
        return kv.get(key).flags;
    }

    public synchronized long modifyIndex(String key) {
        return kv.get(key).modifyIndex;
    }

    public synchronized TreeSet<String> keys() {
        return new TreeSet<>(kv.keySet());
    }

    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public synchronized Request last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue().get(0));
            }
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
            Canned c;
            synchronized (this) {
                requests.add(new Request(method, rawPath, ex.getRequestURI().getRawQuery(), headers, body));
                c = canned.get(method + " " + path);
            }
            if (c != null) {
                send(ex, c.status, c.body);
                return;
            }
            if (path.startsWith("/v1/kv/")) {
                kv(ex, method, path.substring("/v1/kv/".length()), query, body);
                return;
            }
            send(ex, 404, "");
        } catch (RuntimeException e) {
            send(ex, 500, e.toString());
        } finally {
            ex.close();
        }
    }

    private synchronized void kv(HttpExchange ex, String method, String key, Map<String, String> q, byte[] body)
            throws IOException {
        switch (method) {
            case "GET":
                if (q.containsKey("keys")) {
                    String sep = q.getOrDefault("separator", "");
                    TreeSet<String> names = new TreeSet<>();
                    for (String k : kv.keySet()) {
                        if (!k.startsWith(key)) {
                            continue;
                        }
                        int at = sep.isEmpty() ? -1 : k.indexOf(sep, key.length());
                        names.add(at < 0 ? k : k.substring(0, at + sep.length()));
                    }
                    if (names.isEmpty() && !key.isEmpty()) {
                        send(ex, 404, "");
                        return;
                    }
                    StringBuilder b = new StringBuilder("[");
                    for (String n : names) {
                        b.append(b.length() > 1 ? "," : "").append(GoJson.quote(n));
                    }
                    send(ex, 200, b.append(']').toString());
                    return;
                }
                List<String> hits = new ArrayList<>();
                if (q.containsKey("recurse")) {
                    for (String k : kv.keySet()) {
                        if (k.startsWith(key)) {
                            hits.add(k);
                        }
                    }
                } else if (kv.containsKey(key)) {
                    hits.add(key);
                }
                if (hits.isEmpty()) {
                    send(ex, 404, "");
                    return;
                }
                StringBuilder b = new StringBuilder("[");
                for (String k : hits) {
                    Entry e = kv.get(k);
                    if (b.length() > 1) {
                        b.append(',');
                    }
                    b.append("{\"LockIndex\":").append(e.lockIndex).append(",\"Key\":")
                            .append(GoJson.quote(k)).append(",\"Flags\":")
                            .append(Long.toUnsignedString(e.flags)).append(",\"Value\":")
                            .append(e.value.length == 0 ? "null"
                                    : "\"" + Base64.getEncoder().encodeToString(e.value) + "\"");
                    if (!e.session.isEmpty()) {
                        b.append(",\"Session\":\"").append(e.session).append('"');
                    }
                    b.append(",\"CreateIndex\":").append(e.createIndex).append(",\"ModifyIndex\":")
                            .append(e.modifyIndex).append('}');
                }
                send(ex, 200, b.append(']').toString());
                return;
            case "PUT": {
                long flags = q.containsKey("flags") ? Long.parseUnsignedLong(q.get("flags")) : 0;
                Entry cur = kv.get(key);
                if (q.containsKey("cas")) {
                    long cas = Long.parseLong(q.get("cas"));
                    boolean ok = cas == 0 ? cur == null : cur != null && cur.modifyIndex == cas;
                    if (ok) {
                        put(key, body, flags, cur == null ? "" : cur.session);
                    }
                    send(ex, 200, String.valueOf(ok));
                    return;
                }
                if (q.containsKey("acquire")) {
                    String s = q.get("acquire");
                    boolean ok = cur == null || cur.session.isEmpty() || cur.session.equals(s);
                    if (ok) {
                        boolean fresh = cur == null || !cur.session.equals(s);
                        put(key, body, flags, s);
                        if (fresh) {
                            kv.get(key).lockIndex++;
                        }
                    }
                    send(ex, 200, String.valueOf(ok));
                    return;
                }
                if (q.containsKey("release")) {
                    boolean ok = cur != null && cur.session.equals(q.get("release"));
                    if (ok) {
                        put(key, body, flags, "");
                    }
                    send(ex, 200, String.valueOf(ok));
                    return;
                }
                put(key, body, flags, cur == null ? "" : cur.session);
                send(ex, 200, "true");
                return;
            }
            case "DELETE":
                if (q.containsKey("recurse")) {
                    kv.keySet().removeIf(k -> k.startsWith(key));
                    send(ex, 200, "true");
                    return;
                }
                if (q.containsKey("cas")) {
                    long cas = Long.parseLong(q.get("cas"));
                    Entry cur = kv.get(key);
                    boolean ok = cur == null || cas != 0 && cur.modifyIndex == cas;
                    if (ok) {
                        kv.remove(key);
                    }
                    send(ex, 200, String.valueOf(ok));
                    return;
                }
                kv.remove(key);
                send(ex, 200, "true");
                return;
            default:
                send(ex, 405, "method " + method + " not allowed");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            m.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.getResponseHeaders().add("Content-Type", body.startsWith("[") || body.startsWith("{")
                || body.equals("true") || body.equals("false") ? "application/json" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
