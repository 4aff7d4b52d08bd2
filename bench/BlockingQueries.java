/*
 * Parks N blocking queries on one Consul-compatible agent and measures what they cost it.
 *
 *   java bench/BlockingQueries.java URL N [PID] [K]
 *     URL  the agent's HTTP address, loopback only (e.g. http://127.0.0.1:8500)
 *     N    blocking queries to park, one TCP connection each (e.g. 10000)
 *     PID  the agent's process id: heap (jcmd GC.run + GC.heap_info) and RSS (/proc) are read
 *          before parking and with N parked; without it those fields print "na"
 *     K    keys changed at the end to wake their queries (default 10, at most N)
 *
 * Steps: writes N keys bench/bq/<i> (/v1/txn, 64 per transaction) and a marker key written after
 * them, reads the marker's X-Consul-Index (IDX), measures the agent, then opens N connections and
 * sends GET /v1/kv/bench/bq/<i>?index=IDX&wait=5m on each (key i exists and has not changed since
 * IDX, so each parks), waits until every request is written, the agent's CPU has gone quiet and no
 * answer came back, measures the agent again, changes K of the keys (PUT, one after the other) and
 * checks that exactly those K queries answer within 2 s of their PUT, with 200 and an index above
 * IDX, while the other N-K stay parked. Then it closes every connection and prints
 *
 *   PARKED n=.. heap_before_mb=.. heap_after_mb=.. extra_heap_mb=.. rss_before_mb=.. rss_after_mb=..
 *          woke=K/K still_parked=../.. extra_heap_kb_per_query=.. extra_rss_kb_per_query=..
 *          park_ms=.. wake_ms_max=.. index=..
 *
 * heap_*: "used" of jcmd PID GC.heap_info right after jcmd PID GC.run (a full GC), so live data only.
 * park_ms: from the first connect to the last request written. wake_ms_max: slowest of the K, from
 * sending its PUT to its parked query's answer. Exit status 0 when every check passed, 1 otherwise.
 *
 * The parked queries use raw non-blocking sockets (java.nio, one selector thread) rather than
 * java.net.http.HttpClient, which cannot say when a request has been written and opens all N
 * connections at once. The agent's Jetty listens with the JDK's default accept backlog of 50; a
 * full accept queue drops SYNs or handshake ACKs, each costing a 1 s+ retransmit. So connects are
 * paced: at most CONNECTING (64) connecting or writing, and at most QUEUE_LIMIT (32) connections
 * waiting in the agent's accept queue, whose length is read from the LISTEN row of /proc/net/tcp6
 * (or tcp). "Sent" means the request's last byte was written to the socket. Setup and the K
 * changing PUTs use HttpClient (HTTP/1.1).
 *
 * Environment: CONNECTING (64), QUEUE_LIMIT (32), SETTLE_MS (2000: wait before measuring; with a
 * PID also until the agent's CPU is quiet), PARK_TIMEOUT_S (300). The agent must allow N connections from one client address:
 * limits { http_max_conns_per_client = 0 } (bench/parked-queries.hcl), and both processes need
 * N + some file descriptors (ulimit -n; bench/run-parked.sh raises it).
 */

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class BlockingQueries {
    static final String PREFIX = "bench/bq/";
    static final String MARKER = "bench/bq-marker";
    static final long WAKE_LIMIT_MS = 2000;

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: java bench/BlockingQueries.java URL N [PID] [K]");
            System.exit(2);
        }
        URI base = URI.create(args[0].replaceAll("/+$", ""));
        int n = Integer.parseInt(args[1]);
        long pid = args.length >= 3 && !args[2].isEmpty() && !args[2].equals("-") ? Long.parseLong(args[2]) : -1;
        int k = Math.min(n, args.length >= 4 ? Integer.parseInt(args[3]) : 10);
        if (n < 1 || k < 0) {
            System.err.println("N must be >= 1 and K >= 0");
            System.exit(2);
        }
        InetAddress host = InetAddress.getByName(base.getHost());
        if (!"http".equals(base.getScheme()) || !host.isLoopbackAddress()) {
            System.err.println("BlockingQueries: refusing " + base + ": only http:// on a loopback address");
            System.exit(2);
        }
        int port = base.getPort() > 0 ? base.getPort() : 80;
        int connecting = Integer.parseInt(env("CONNECTING", "64"));
        long settleMs = Long.parseLong(env("SETTLE_MS", "2000"));
        long parkTimeoutS = Long.parseLong(env("PARK_TIMEOUT_S", "300"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        // 1. the keys, then a marker written after them: its index is at least every key's
        long t0 = System.nanoTime();
        String value = Base64.getEncoder().encodeToString("parked".getBytes(StandardCharsets.US_ASCII));
        for (int from = 0; from < n; from += 64) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(n, from + 64); i++) {
                if (i > from) {
                    body.append(',');
                }
                body.append("{\"KV\":{\"Verb\":\"set\",\"Key\":\"").append(PREFIX).append(i)
                        .append("\",\"Value\":\"").append(value).append("\"}}");
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/txn"))
                    .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                fail("writing keys with /v1/txn answered HTTP " + r.statusCode() + ": " + head(r.body()));
            }
        }
        put(http, base, MARKER, "marker");
        HttpResponse<String> marker = http.send(HttpRequest.newBuilder(base.resolve("/v1/kv/" + MARKER))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long index = marker.headers().firstValueAsLong("X-Consul-Index").orElse(0);
        if (marker.statusCode() != 200 || index <= 0) {
            fail("GET /v1/kv/" + MARKER + " answered HTTP " + marker.statusCode() + " with X-Consul-Index " + index);
        }
        info("wrote " + n + " keys " + PREFIX + "0.." + (n - 1) + " in " + ms(t0) + " ms; index=" + index);

        // 2. the agent before
        Measure before = Measure.take(pid);
        info("before: " + before);

        // 3. park N queries
        byte[][] requests = new byte[n][];
        String hostHeader = base.getHost() + ":" + port;
        for (int i = 0; i < n; i++) {
            requests[i] = ("GET /v1/kv/" + PREFIX + i + "?index=" + index + "&wait=5m HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nUser-Agent: proconsul-bench-blocking\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        Parker parker = new Parker(new InetSocketAddress(host, port), requests, connecting,
                Integer.parseInt(env("QUEUE_LIMIT", "32")));
        Thread loop = new Thread(parker, "parker");
        loop.setDaemon(true);
        loop.start();
        long parkDeadline = System.nanoTime() + parkTimeoutS * 1_000_000_000L;
        while (parker.sent.get() < n && parker.problem.get() == null && System.nanoTime() < parkDeadline) {
            Thread.sleep(20);
        }
        if (parker.problem.get() != null) {
            fail(parker.problem.get());
        }
        if (parker.sent.get() < n) {
            fail("only " + parker.sent.get() + " of " + n + " requests written within " + parkTimeoutS + " s");
        }
        long parkMs = (parker.lastSentNs - parker.firstConnectNs) / 1_000_000;
        info("all " + n + " requests written in " + parkMs + " ms (longest accept queue seen: "
                + (parker.maxQueued < 0 ? "unknown" : parker.maxQueued) + "); waiting for the agent to go quiet");
        waitQuiet(pid, settleMs);
        if (parker.problem.get() != null) {
            fail(parker.problem.get());
        }
        if (parker.answered.get() > 0) {
            fail(parker.answered.get() + " queries answered before any key changed (did not park); first: "
                    + parker.firstAnswer());
        }

        // 4. the agent with N parked
        Measure after = Measure.take(pid);
        info("after:  " + after);
        if (parker.answered.get() > 0 || parker.problem.get() != null) {
            fail("queries answered or connections closed while measuring: " + parker.answered.get() + " answered; "
                    + parker.problem.get());
        }

        // 5. wake K of them
        int[] wake = new int[k];
        boolean[] woken = new boolean[n];
        long[] putSentNs = new long[k];
        for (int j = 0; j < k; j++) {
            wake[j] = (int) ((long) j * n / k);
            woken[wake[j]] = true;
        }
        for (int j = 0; j < k; j++) {
            putSentNs[j] = System.nanoTime();
            put(http, base, PREFIX + wake[j], "woken-" + j);
        }
        long windowEnd = System.nanoTime() + WAKE_LIMIT_MS * 1_000_000L;
        while (System.nanoTime() < windowEnd) {
            boolean all = true;
            for (int j = 0; j < k && all; j++) {
                all = parker.answeredNs.get(wake[j]) != 0;
            }
            if (all) {
                break;
            }
            Thread.sleep(5);
        }
        Thread.sleep(500);   // give a wrongly woken query the chance to show up
        int ok = 0;
        long wakeMax = 0;
        List<String> problems = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int i = wake[j];
            long at = parker.answeredNs.get(i);
            if (at == 0) {
                problems.add("query on " + PREFIX + i + " did not answer within " + WAKE_LIMIT_MS + " ms of its PUT");
                continue;
            }
            long wakeMs = (at - putSentNs[j]) / 1_000_000;
            wakeMax = Math.max(wakeMax, wakeMs);
            int status = parker.status.get(i);
            long got = parker.index.get(i);
            if (status != 200 || got <= index || wakeMs > WAKE_LIMIT_MS) {
                problems.add("query on " + PREFIX + i + " answered HTTP " + status + " X-Consul-Index " + got
                        + " after " + wakeMs + " ms (want 200, > " + index + ", <= " + WAKE_LIMIT_MS + " ms)");
                continue;
            }
            ok++;
        }
        int others = n - k;
        int stillParked = 0;
        for (int i = 0; i < n; i++) {
            if (!woken[i]) {
                if (parker.answeredNs.get(i) == 0 && parker.closedFlags.get(i) == 0) {
                    stillParked++;
                } else if (problems.size() < 20) {
                    problems.add("query on " + PREFIX + i + " (key unchanged) answered HTTP " + parker.status.get(i)
                            + " or its connection closed");
                }
            }
        }
        if (parker.problem.get() != null) {
            problems.add(parker.problem.get());
        }

        // 6. close everything, report
        parker.stop();
        loop.join(5000);
        parker.closeAll();

        System.out.println("PARKED n=" + n
                + " heap_before_mb=" + mb(before.heapKb) + " heap_after_mb=" + mb(after.heapKb)
                + " extra_heap_mb=" + diffMb(before.heapKb, after.heapKb)
                + " rss_before_mb=" + mb(before.rssKb) + " rss_after_mb=" + mb(after.rssKb)
                + " woke=" + ok + "/" + k + " still_parked=" + stillParked + "/" + others
                + " extra_heap_kb_per_query=" + perQuery(before.heapKb, after.heapKb, n)
                + " extra_rss_kb_per_query=" + perQuery(before.rssKb, after.rssKb, n)
                + " park_ms=" + parkMs + " wake_ms_max=" + wakeMax + " index=" + index);
        for (String p : problems) {
            System.err.println("BlockingQueries: " + p);
        }
        System.exit(problems.isEmpty() && ok == k && stillParked == others ? 0 : 1);
    }

    /** Non-blocking connections, one request each; all state is touched only by the loop thread. */
    static final class Parker implements Runnable {
        final InetSocketAddress target;
        final byte[][] requests;
        final int maxConnecting;
        final int queueLimit;
        final ListenQueue listenQueue;
        final SocketChannel[] channels;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        final AtomicLongArray answeredNs;
        final AtomicIntegerArray status;
        final AtomicLongArray index;
        final AtomicIntegerArray closedFlags;
        final AtomicReference<String> problem = new AtomicReference<>();
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final Selector selector;
        volatile boolean running = true;
        volatile long firstConnectNs;
        volatile long lastSentNs;
        int opened;
        int inProgress;
        volatile int maxQueued = -1;

        Parker(InetSocketAddress target, byte[][] requests, int maxConnecting, int queueLimit) throws IOException {
            this.target = target;
            this.requests = requests;
            this.maxConnecting = Math.max(1, maxConnecting);
            this.queueLimit = Math.max(1, queueLimit);
            this.listenQueue = new ListenQueue(target);
            int n = requests.length;
            channels = new SocketChannel[n];
            answeredNs = new AtomicLongArray(n);
            status = new AtomicIntegerArray(n);
            index = new AtomicLongArray(n);
            closedFlags = new AtomicIntegerArray(n);
            selector = Selector.open();
        }

        /** Per connection: the request still to write, then what was read of the answer. */
        static final class Conn {
            final int i;
            final ByteBuffer out;
            ByteBuffer in;

            Conn(int i, byte[] request) {
                this.i = i;
                this.out = ByteBuffer.wrap(request);
            }
        }

        @Override
        public void run() {
            firstConnectNs = System.nanoTime();
            try {
                openMore();
                while (running) {
                    selector.select(opened < requests.length ? 2 : 100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        handle(key);
                    }
                    openMore();
                }
            } catch (IOException | RuntimeException e) {
                problem.compareAndSet(null, "selector loop failed: " + e);
            }
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        void closeAll() {
            for (SocketChannel ch : channels) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void openMore() {
            if (opened >= requests.length) {
                return;
            }
            // Keep the agent's accept queue (the JDK's default backlog of 50 for Jetty) from
            // overflowing: a full queue drops SYNs or handshake ACKs, which cost 1 s retransmits.
            int budget = maxConnecting - inProgress;
            int queued = listenQueue.length();
            if (queued >= 0) {
                maxQueued = Math.max(maxQueued, queued);
                budget = Math.min(budget, queueLimit - queued - inProgress);
            }
            while (budget-- > 0 && opened < requests.length && problem.get() == null) {
                int i = opened++;
                try {
                    SocketChannel ch = SocketChannel.open();
                    channels[i] = ch;
                    ch.configureBlocking(false);
                    // the source address is the target's own loopback address, so the connections
                    // do not count against any other loopback address's client limits or ports
                    ch.bind(new InetSocketAddress(target.getAddress(), 0));
                    Conn c = new Conn(i, requests[i]);
                    inProgress++;
                    if (ch.connect(target)) {
                        ch.register(selector, SelectionKey.OP_WRITE, c);
                    } else {
                        ch.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                } catch (IOException e) {
                    problem.compareAndSet(null, "connection " + i + " could not be opened: " + e
                            + (String.valueOf(e.getMessage()).contains("Too many open files")
                                    ? " (raise ulimit -n above N)" : ""));
                }
            }
        }

        private void handle(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            SocketChannel ch = (SocketChannel) key.channel();
            try {
                if (key.isValid() && key.isConnectable()) {
                    ch.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    ch.write(c.out);
                    if (!c.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                        inProgress--;
                        lastSentNs = System.nanoTime();
                        sent.incrementAndGet();
                    }
                } else if (key.isValid() && key.isReadable()) {
                    read(key, ch, c);
                }
            } catch (IOException e) {
                closedFlags.set(c.i, 1);
                key.cancel();
                problem.compareAndSet(null, "connection " + c.i + " failed: " + e);
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failed
                }
            }
        }

        private void read(SelectionKey key, SocketChannel ch, Conn c) throws IOException {
            if (c.in == null) {
                c.in = ByteBuffer.allocate(8192);
            }
            int r = ch.read(c.in);
            String text = new String(c.in.array(), 0, c.in.position(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0 && r >= 0 && c.in.hasRemaining()) {
                return;   // headers not complete yet
            }
            if (end < 0) {
                closedFlags.set(c.i, 1);
                problem.compareAndSet(null, "connection " + c.i + " (" + PREFIX + c.i + ") was closed by the agent"
                        + (text.isEmpty() ? " without an answer: is limits.http_max_conns_per_client = 0"
                                + " (bench/parked-queries.hcl)?" : " after: " + head(text)));
            } else {
                Matcher st = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(text);
                status.set(c.i, st.find() ? Integer.parseInt(st.group(1)) : -1);
                Matcher ix = Pattern.compile("(?im)^X-Consul-Index:\\s*(\\d+)").matcher(text.substring(0, end));
                index.set(c.i, ix.find() ? Long.parseLong(ix.group(1)) : -1);
                answeredNs.set(c.i, System.nanoTime());
                answered.incrementAndGet();
            }
            key.cancel();
            ch.close();
        }

        String firstAnswer() {
            for (int i = 0; i < requests.length; i++) {
                if (answeredNs.get(i) != 0) {
                    return PREFIX + i + " HTTP " + status.get(i) + " X-Consul-Index " + index.get(i);
                }
            }
            return "none";
        }
    }

    /**
     * Length of the target's listen (accept) queue, from the LISTEN rows at the head of
     * /proc/net/tcp6 and /proc/net/tcp (rx_queue of a listening socket is its accept queue). Only the
     * first 16 KB are read: the kernel prints listening sockets first. -1 when not found.
     */
    static final class ListenQueue {
        private final String suffix;
        private final byte[] buf = new byte[16384];
        private Path file;
        private boolean absent;

        ListenQueue(InetSocketAddress target) {
            byte[] a = target.getAddress().getAddress();
            this.suffix = a.length == 4
                    ? String.format("%02X%02X%02X%02X:%04X", a[3], a[2], a[1], a[0], target.getPort()) : null;
            this.absent = suffix == null;
        }

        int length() {
            if (absent) {
                return -1;
            }
            if (file != null) {
                return read(file);
            }
            for (String f : List.of("/proc/net/tcp6", "/proc/net/tcp")) {
                int q = read(Path.of(f));
                if (q >= 0) {
                    file = Path.of(f);
                    info("pacing connects on the agent's accept queue (" + f + ")");
                    return q;
                }
            }
            absent = true;
            info("the agent's listening socket was not found in /proc/net/tcp6 or /proc/net/tcp; connects paced by CONNECTING only");
            return -1;
        }

        private int read(Path f) {
            int len = 0;
            try (InputStream in = Files.newInputStream(f)) {
                int r;
                while (len < buf.length && (r = in.read(buf, len, buf.length - len)) > 0) {
                    len += r;
                }
            } catch (IOException e) {
                return -1;
            }
            String[] lines = new String(buf, 0, len, StandardCharsets.US_ASCII).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] c = lines[i].trim().split("\\s+");
                if (c.length < 5 || !c[3].equals("0A")) {
                    break;      // past the listening sockets
                }
                if (c[1].endsWith(suffix)) {
                    return Integer.parseInt(c[4].substring(c[4].indexOf(':') + 1), 16);
                }
            }
            return -1;
        }
    }

    /** Heap used after a full GC, and RSS, of the agent; -1 where not measured. */
    record Measure(long heapKb, long rssKb) {
        static Measure take(long pid) throws IOException, InterruptedException {
            if (pid <= 0) {
                return new Measure(-1, -1);
            }
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            Matcher m = Pattern.compile("total\\s+\\d+K,\\s+used\\s+(\\d+)K").matcher(info);
            long used = 0;
            boolean found = false;
            while (m.find()) {      // G1: one "garbage-first heap" line; other collectors: one per generation
                used += Long.parseLong(m.group(1));
                found = true;
            }
            if (!found) {
                fail("cannot read heap use from jcmd " + pid + " GC.heap_info: " + head(info));
            }
            return new Measure(used, statusKb(pid, "VmRSS"));
        }

        @Override
        public String toString() {
            return "heap_used_mb=" + mb(heapKb) + " rss_mb=" + mb(rssKb);
        }
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable).map(Path::toString).orElse("jcmd");
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            fail("jcmd " + pid + " " + command + " failed: " + head(out));
        }
        return out;
    }

    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Waits settleMs, and with a PID also until the agent used under 5 % of a core for 500 ms (30 s at most). */
    static void waitQuiet(long pid, long settleMs) throws InterruptedException {
        Thread.sleep(settleMs);
        if (pid <= 0) {
            return;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            long a = cpuTicks(pid);
            Thread.sleep(500);
            long b = cpuTicks(pid);
            if (a < 0 || b < 0 || (b - a) <= 2) {   // clock ticks are 10 ms: <= 20 ms of CPU in 500 ms
                return;
            }
        }
        info("the agent did not go quiet within 30 s; measuring anyway");
    }

    static void put(HttpClient http, URI base, String key, String value) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/kv/" + key))
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().trim().equals("true")) {
            fail("PUT /v1/kv/" + key + " answered HTTP " + r.statusCode() + ": " + head(r.body()));
        }
    }

    static String mb(long kb) {
        return kb < 0 ? "na" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    static String diffMb(long a, long b) {
        return a < 0 || b < 0 ? "na" : String.format(Locale.ROOT, "%.1f", (b - a) / 1024.0);
    }

    static String perQuery(long a, long b, int n) {
        return a < 0 || b < 0 ? "na" : String.format(Locale.ROOT, "%.2f", (b - a) / (double) n);
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    static String head(String s) {
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static void info(String s) {
        System.err.println("# " + s);
    }

    static void fail(String s) {
        System.err.println("BlockingQueries: " + s);
        System.exit(1);
    }
}
