package org.proconsul.gossip.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

import org.proconsul.gossip.core.ForceLeaveResult;
import org.proconsul.gossip.core.GossipCore;
import org.proconsul.gossip.core.GossipSettings;
import org.proconsul.gossip.core.LocalNode;
import org.proconsul.gossip.core.MemberEvent;
import org.proconsul.gossip.core.MemberView;
import org.proconsul.gossip.core.Outbound;
import org.proconsul.gossip.core.QueryEvent;
import org.proconsul.gossip.core.Snapshot;
import org.proconsul.gossip.core.SnapshotCodec;
import org.proconsul.gossip.core.StreamPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gossip pool (LAN or WAN): the only place that gives the pure {@link GossipCore} a clock, sockets
 * and a disk. A single thread owns the core; transport threads hand it packets through the inbox and
 * wait for it to answer stream requests. The member list is republished after every turn, so readers
 * never touch the core.
 */
final class GossipPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GossipPool.class);
    private static final long TURN_MILLIS = 20;
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(10);

    private final String pool;
    private final GossipSettings settings;
    private final LocalNode self;
    private final String label;
    private final Keyring keyring;
    private final InetSocketAddress bind;
    private final Path snapshotFile;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Map<String, List<CompletableFuture<Boolean>>> joins = new HashMap<>();
    private final Map<Long, QueryCollector> queries = new HashMap<>();
    private volatile QueryHandler queryHandler = (name, payload) -> null;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile List<MemberView> members = List.of();
    private GossipCore core;
    private GossipTransport transport;

    GossipPool(String pool, GossipSettings settings, LocalNode self, String label, Keyring keyring,
            InetSocketAddress bind, Path snapshotFile) {
        this.pool = pool;
        this.settings = settings;
        this.self = self;
        this.label = label;
        this.keyring = keyring;
        this.bind = bind;
        this.snapshotFile = snapshotFile;
        this.thread = new Thread(this::loop, "gossip-" + pool);
        thread.setDaemon(true);
    }

    /** Binds the port, restores the snapshot (rejoining the members it lists) and starts the loop. */
    void start() throws IOException {
        long now = System.currentTimeMillis();
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        Snapshot snapshot = readSnapshot();
        core = snapshot == null ? new GossipCore(settings, self, label, random, now)
                : GossipCore.restore(settings, self, label, random, now, snapshot);
        transport = new GossipTransport(bind, keyring, new PacketCipher(label), new GossipTransport.Receiver() {
            @Override
            public void packet(InetSocketAddress from, byte[] payload) {
                inbox.add(() -> core.receivePacket(address(from), payload, System.currentTimeMillis()));
            }

            @Override
            public byte[] stream(InetSocketAddress from, byte[] request) {
                return answerStream(from, request);
            }
        }, STREAM_TIMEOUT, new DropLog(pool, System::nanoTime));
        transport.start();
        members = core.members();
        thread.start();
        LOG.info("gossip: pool started pool={} node={} address={} encrypted={}", pool, self.name(), self.address(),
                keyring.enabled());
    }

    List<MemberView> members() {
        return members;
    }

    /** Answers queries other members (and this one) send; runs on the pool thread, must be quick. */
    @FunctionalInterface
    interface QueryHandler {
        /** The response payload, or null to acknowledge without a response. */
        byte[] answer(String name, byte[] payload);
    }

    void onQuery(QueryHandler handler) {
        this.queryHandler = handler;
    }

    /** One member's response to a query. */
    record QueryReply(String node, byte[] payload) {
    }

    /** What came back for a query by its deadline. */
    record QueryResult(int acks, List<QueryReply> responses) {
    }

    private static final class QueryCollector {
        final List<QueryReply> responses = new ArrayList<>();
        final CompletableFuture<QueryResult> done = new CompletableFuture<>();
        /** Members alive when the query went out: once all of them answered, waiting longer adds nothing. */
        int expected;
        int acks;
    }

    /** Sends a query to every member and completes with their responses when it times out. */
    CompletableFuture<QueryResult> query(String name, byte[] payload, Duration timeout, int relayFactor) {
        QueryCollector collector = new QueryCollector();
        inbox.add(() -> {
            try {
                collector.expected = aliveMembers();
                queries.put(core.query(name, payload, timeout.toMillis(), relayFactor, System.currentTimeMillis()), collector);
            } catch (IllegalArgumentException e) {
                collector.done.completeExceptionally(e);
            }
        });
        return collector.done;
    }

    /** Contacts each address ({@code ip:port}); returns how many answered, waiting up to the stream timeout. */
    int join(List<String> addresses) throws InterruptedException {
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
        CompletableFuture<Void> submitted = new CompletableFuture<>();
        inbox.add(() -> {
            for (String a : addresses) {
                CompletableFuture<Boolean> f = new CompletableFuture<>();
                joins.computeIfAbsent(a, k -> new ArrayList<>()).add(f);
                outcomes.add(f);
            }
            core.join(addresses, System.currentTimeMillis());
            // an address the core skips (not ip:port, our own) gets no stream: it counts as failed
            for (String a : addresses) {
                if (socketAddress(a) == null || a.equals(self.address())) {
                    complete(a, false);
                }
            }
            submitted.complete(null);
        });
        try {
            submitted.get(STREAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int ok = 0;
            for (CompletableFuture<Boolean> f : outcomes) {
                if (f.get(STREAM_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    ok++;
                }
            }
            return ok;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** Broadcasts the leave intent and waits until it spread or the drain time ran out. */
    void leave(Duration drain) throws InterruptedException {
        inbox.add(() -> core.leave(System.currentTimeMillis()));
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            inbox.add(() -> done.complete(core.leaveComplete()));
            try {
                if (done.get(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                return;
            }
            Thread.sleep(50);
        }
    }

    ForceLeaveResult forceLeave(String node, boolean prune) throws InterruptedException {
        CompletableFuture<ForceLeaveResult> result = new CompletableFuture<>();
        inbox.add(() -> result.complete(core.forceLeave(node, prune, System.currentTimeMillis())));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("gossip: force-leave did not complete", e);
        }
    }

    private byte[] answerStream(InetSocketAddress from, byte[] request) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        inbox.add(() -> reply.complete(core.receiveStream(address(from), request, System.currentTimeMillis())));
        try {
            return reply.get(STREAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private void loop() {
        while (running) {
            try {
                Runnable task = inbox.poll(TURN_MILLIS, TimeUnit.MILLISECONDS);
                while (task != null) {
                    task.run();
                    task = inbox.poll();
                }
                long now = System.currentTimeMillis();
                core.tick(now);
                flush();
                members = core.members();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("gossip: turn failed pool={} node={}", pool, self.name(), e);
            }
        }
    }

    private void flush() {
        for (Outbound out : core.drainOutbound()) {
            if (out instanceof Outbound.Packet p) {
                InetSocketAddress to = socketAddress(p.toAddress());
                if (to != null) {
                    transport.sendPacket(to, p.bytes());
                }
            } else if (out instanceof Outbound.StreamRequest s) {
                InetSocketAddress to = socketAddress(s.toAddress());
                if (to == null) {
                    inbox.add(() -> streamDone(s, null));
                    continue;
                }
                transport.request(to, s.bytes()).whenComplete((reply, failure) -> {
                    if (failure != null && s.purpose() == StreamPurpose.JOIN) {
                        LOG.warn("gossip: join failed pool={} node={} address={} reason=\"{}\"", pool, self.name(),
                                s.toAddress(), joinFailure(failure));
                    }
                    inbox.add(() -> streamDone(s, failure == null ? reply : null));
                });
            }
        }
        boolean changed = false;
        for (MemberEvent e : core.drainEvents()) {
            LOG.info("gossip: member {} pool={} node={} status={}", e.type().name().toLowerCase(java.util.Locale.ROOT),
                    pool, e.member().name(), e.member().status());
            changed = true;
        }
        for (String line : core.drainLog()) {
            LOG.info("{} pool={}", line, pool);
        }
        for (QueryEvent q : core.drainQueryEvents()) {
            handleQueryEvent(q);
        }
        if (changed) {
            writeSnapshot();
        }
    }

    private void handleQueryEvent(QueryEvent q) {
        long now = System.currentTimeMillis();
        if (q instanceof QueryEvent.Received r) {
            byte[] answer;
            try {
                answer = queryHandler.answer(r.name(), r.payload());
            } catch (RuntimeException e) {
                LOG.error("gossip: query handler failed pool={} query={}", pool, r.name(), e);
                answer = null;
            }
            if (answer != null) {
                core.respond(r.token(), answer, now);
            }
        } else if (q instanceof QueryEvent.Ack a) {
            QueryCollector c = queries.get(a.queryId());
            if (c != null) {
                c.acks++;
            }
        } else if (q instanceof QueryEvent.Response r) {
            QueryCollector c = queries.get(r.queryId());
            if (c != null) {
                c.responses.add(new QueryReply(r.fromNode(), r.payload()));
                if (c.responses.size() >= c.expected) {
                    // the late Finished event finds nothing to complete
                    queries.remove(r.queryId());
                    c.done.complete(new QueryResult(c.acks, List.copyOf(c.responses)));
                }
            }
        } else if (q instanceof QueryEvent.Finished f) {
            QueryCollector c = queries.remove(f.queryId());
            if (c != null) {
                c.done.complete(new QueryResult(c.acks, List.copyOf(c.responses)));
            }
        }
    }

    int aliveMembers() {
        return (int) members.stream().filter(m -> m.status() == org.proconsul.gossip.core.MemberStatus.ALIVE).count();
    }

    /** Why a join stream failed, in words; a member that cannot open our frames just hangs up. */
    private static String joinFailure(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof java.io.EOFException) {
            return "the member closed the connection without answering; its log says why"
                    + " (a different gossip key or encryption setting is the usual cause)";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private void streamDone(Outbound.StreamRequest s, byte[] reply) {
        long now = System.currentTimeMillis();
        if (reply != null) {
            core.receiveStreamReply(s.toAddress(), reply, now);
        } else {
            core.streamFailed(s.toAddress(), now);
        }
        if (s.purpose() == StreamPurpose.JOIN) {
            complete(s.toAddress(), reply != null);
        }
    }

    private void complete(String address, boolean ok) {
        List<CompletableFuture<Boolean>> waiting = joins.remove(address);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(ok));
        }
    }

    private Snapshot readSnapshot() {
        if (snapshotFile == null || !Files.exists(snapshotFile)) {
            return null;
        }
        try {
            SnapshotCodec.Parsed parsed = SnapshotCodec.decode(Files.readAllBytes(snapshotFile));
            if (parsed instanceof SnapshotCodec.Parsed.Ok ok) {
                ok.warnings().forEach(w -> LOG.warn("gossip: snapshot {} file={}", w, snapshotFile));
                return ok.snapshot();
            }
            LOG.warn("gossip: ignoring unreadable snapshot file={} reason={}", snapshotFile,
                    ((SnapshotCodec.Parsed.Invalid) parsed).reason());
        } catch (IOException e) {
            LOG.warn("gossip: cannot read snapshot file={}: {}", snapshotFile, e.getMessage());
        }
        return null;
    }

    private void writeSnapshot() {
        if (snapshotFile == null) {
            return;
        }
        try {
            Files.createDirectories(snapshotFile.getParent());
            Path tmp = snapshotFile.resolveSibling(snapshotFile.getFileName() + ".tmp");
            Files.write(tmp, SnapshotCodec.encode(core.snapshot()));
            Files.move(tmp, snapshotFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("gossip: cannot write snapshot file={}: {}", snapshotFile, e.getMessage());
        }
    }

    static String address(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            return new InetSocketAddress(java.net.InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    Map<String, Long> dropped() {
        Map<String, Long> out = new java.util.TreeMap<>(transport.dropped());
        core.droppedPackets().forEach((reason, n) -> out.put(reason.name().toLowerCase(java.util.Locale.ROOT), n));
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transport != null) {
            transport.close();
        }
    }
}
