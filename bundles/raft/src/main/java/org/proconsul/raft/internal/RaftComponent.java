package org.proconsul.raft.internal;

import org.proconsul.api.time.GoDuration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.rpc.MessageChannel;
import org.proconsul.api.rpc.MessageListener;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.rpc.RpcHandler;
import org.proconsul.raft.core.InstallSnapshot;
import org.proconsul.raft.core.Message;
import org.proconsul.raft.core.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageEngine;

/**
 * Publishes this server's Raft group as {@link Consensus}. The log and vote live in an fsynced database
 * of the engine its configuration selects; they stay on that engine until the agent restarts.
 */
@Component(service = Consensus.class, configurationPid = "org.proconsul.raft",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RaftComponent.Config.class)
public final class RaftComponent implements Consensus {
    private static final Logger LOG = LoggerFactory.getLogger(RaftComponent.class);

    @ObjectClassDefinition(name = "Proconsul Raft",
            description = "This server's Raft identity and timings. Changes restart the Raft driver.")
    public @interface Config {
        @AttributeDefinition(description = "Raft id: the agent's node id.")
        String nodeId();

        @AttributeDefinition(description = "Raft address, ip:port of the server RPC listener.")
        String address();

        @AttributeDefinition(description = "Bootstrap a one-server cluster when the log is empty (bootstrap, or bootstrap_expect = 1).")
        boolean bootstrap() default false;

        @AttributeDefinition(description = "bootstrap_expect: bootstrap once this many servers of the datacenter are seen in gossip; 0 = off.")
        int bootstrapExpect() default 0;

        @AttributeDefinition(description = "This server's datacenter; Raft messages from another datacenter are dropped.")
        String datacenter() default "dc1";

        @AttributeDefinition(description = "raft_snapshot_threshold: applied entries between snapshots.")
        long snapshotThreshold() default 16384;

        @AttributeDefinition(description = "raft_trailing_logs: entries kept in the log after a snapshot.")
        long trailingLogs() default 10240;

        @AttributeDefinition(description = "raft_snapshot_interval: how often to check whether raft_snapshot_threshold"
                + " entries were applied since the last snapshot (at a random point in one to two intervals).")
        String snapshotInterval() default "30s";

        @AttributeDefinition(description = "Directory for snapshot files (DATA_DIR/raft/snapshots); empty = a temporary one (-dev).")
        String snapshotDir() default "";

        @AttributeDefinition(description = "DATA_DIR/raft, where peers.json recovery looks; empty = none (-dev).")
        String raftDir() default "";

        @AttributeDefinition(description = "performance.raft_multiplier: scales Consul's Raft timings (1 = fastest).")
        int raftMultiplier() default 5;

        @AttributeDefinition(description = "performance.rpc_hold_timeout: how long a request waits for a leader, Go duration.")
        String rpcHoldTimeout() default "7s";

        @AttributeDefinition(description = "Filter selecting the StorageEngine for the log, e.g. (engine=xodus).")
        String storage_target() default "(engine=memory)";
    }

    private final Database db;
    private final SnapshotStore snapshots;
    private final boolean temporarySnapshotDir;
    private final SnapshotTransfer.Receiver snapshotReceiver;
    private final RaftNode node;
    private final ExecutorService callbacks;
    private final java.util.concurrent.ScheduledExecutorService discovery;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final ServiceRegistration<ComponentReady> ready;
    private final String datacenter;
    private final String address;
    private final int bootstrapExpect;
    private final RpcClient rpc;
    private final java.util.Set<String> reportedForeign = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> refusedLeaders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final GossipLeaderCheck leaderCheck;
    private volatile Membership membership;
    private volatile boolean bootstrapChecked;
    // the discovery thread's own: servers gossip listed at its last look
    private final java.util.Set<String> seenInGossip = new java.util.HashSet<>();

    @Activate
    public RaftComponent(Config config, BundleContext context, @Reference(name = "storage") StorageEngine engine,
            @Reference ReplicatedStateMachine fsm, @Reference RpcClient rpc) {
        this.datacenter = config.datacenter();
        this.address = config.address();
        this.bootstrapExpect = config.bootstrapExpect();
        this.rpc = rpc;
        this.leaderCheck = new GossipLeaderCheck(config.nodeId(), config.datacenter(), () -> membership);
        RaftSettings settings = RaftSettings.consul(config.nodeId(), config.address(), config.bootstrap(),
                config.raftMultiplier(), parseDuration(config.rpcHoldTimeout()))
                .withSnapshots(config.snapshotThreshold(), config.trailingLogs(), parseDuration(config.snapshotInterval()));
        this.temporarySnapshotDir = config.snapshotDir().isEmpty();
        this.snapshots = new SnapshotStore(temporarySnapshotDir ? temporaryDirectory() : Path.of(config.snapshotDir()));
        this.snapshotReceiver = new SnapshotTransfer.Receiver(snapshots::incoming);
        AtomicInteger n = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "raft-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.db = engine.open("raft", Durability.SYNC);
        try {
            StorageRaftLog raftLog = new StorageRaftLog(db);
            raftLog.claim(config.nodeId());
            java.util.Optional<org.proconsul.raft.core.Configuration> recovery = config.raftDir().isEmpty()
                    ? java.util.Optional.empty() : PeersJson.find(Path.of(config.raftDir()));
            this.node = new RaftNode(settings.withRecovery(recovery.orElse(null)), raftLog, fsm,
                    java.util.random.RandomGenerator.of("L64X128MixRandom"), callbacks, transport(), snapshots);
            if (recovery.isPresent()) {
                PeersJson.delete(Path.of(config.raftDir()));
            }
        } catch (RuntimeException e) {
            // the operator reads this line; the framework's own report of the failed activation is noise
            String reason = e instanceof PeersJson.RecoveryFailed ? "Failed to start Consul server: Failed to start Raft: "
                    + e.getMessage() : e.getMessage();
            LOG.error("{}", reason);
            ComponentReady.failed(context, "raft", reason);
            db.close();
            callbacks.shutdownNow();
            if (temporarySnapshotDir) {
                deleteTree(snapshots.dir());
            }
            throw e;
        }
        node.start();
        registrations.add(context.registerService(MessageListener.class, this::receive,
                props(MessageListener.CHANNEL_PROPERTY, MessageChannel.RAFT.name())));
        registrations.add(context.registerService(RpcHandler.class, call -> node.applyForwarded(call.request()),
                props(RpcHandler.SERVICE_PROPERTY, ForwardWire.APPLY)));
        registrations.add(context.registerService(RpcHandler.class, call -> node.readForwarded(call.request()),
                props(RpcHandler.SERVICE_PROPERTY, ForwardWire.READ)));
        registrations.add(context.registerService(RpcHandler.class, this::receiveSnapshotChunk,
                props(RpcHandler.SERVICE_PROPERTY, SnapshotTransfer.SERVICE)));
        registrations.add(context.registerService(RpcHandler.class, call -> node.transferForwarded(call.request()),
                props(RpcHandler.SERVICE_PROPERTY, ForwardWire.TRANSFER)));
        registrations.add(context.registerService(RpcHandler.class, call -> CompletableFuture.completedFuture(
                Integer.toString(node.view().peers().size()).getBytes(StandardCharsets.UTF_8)),
                props(RpcHandler.SERVICE_PROPERTY, PEERS_SERVICE)));
        this.discovery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft-discovery");
            t.setDaemon(true);
            return t;
        });
        discovery.scheduleWithFixedDelay(this::discover, 1, 1, TimeUnit.SECONDS);
        this.ready = ComponentReady.register(context, "raft");
    }

    /** Answers how many servers a server's configuration lists, so bootstrap_expect never joins two clusters. */
    static final String PEERS_SERVICE = "raft.peers";

    private static java.util.Dictionary<String, Object> props(String key, String value) {
        java.util.Hashtable<String, Object> p = new java.util.Hashtable<>();
        p.put(key, value);
        return p;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMembership(Membership m) {
        this.membership = m;
    }

    void unbindMembership(Membership m) {
        if (this.membership == m) {
            this.membership = null;
        }
    }

    private RaftTransport transport() {
        return new RaftTransport() {
            @Override
            public void send(String to, Message message) {
                rpc.send(to, MessageChannel.RAFT, RaftWire.encode(datacenter, address, message));
            }

            @Override
            public CompletableFuture<byte[]> call(String to, String service, byte[] request, Duration timeout) {
                return rpc.call(to, service, request, timeout);
            }

            @Override
            public CompletableFuture<Void> sendSnapshot(String to, Path file, InstallSnapshot install) {
                byte[] message = RaftWire.encode(datacenter, address, install);
                return SnapshotTransfer.send(file, message,
                        chunk -> rpc.call(to, SnapshotTransfer.SERVICE, chunk, SnapshotTransfer.chunkTimeout()));
            }
        };
    }

    private CompletableFuture<byte[]> receiveSnapshotChunk(org.proconsul.api.rpc.RpcCall call) {
        try {
            SnapshotTransfer.Received done = snapshotReceiver.accept(call.request());
            if (done != null) {
                RaftWire.Envelope envelope = RaftWire.decode(done.installMessage());
                if (!envelope.datacenter().equals(datacenter) || !(envelope.message() instanceof InstallSnapshot install)) {
                    java.nio.file.Files.deleteIfExists(done.file());
                    return CompletableFuture.failedFuture(new org.proconsul.api.rpc.RpcException(
                            "raft: refusing a snapshot from datacenter " + envelope.datacenter()));
                }
                String refusal = leaderCheck.refusal(install.from(), envelope.fromAddress());
                if (refusal != null) {
                    java.nio.file.Files.deleteIfExists(done.file());
                    LOG.warn("raft: refused a snapshot from a leader gossip does not know leader={} id={} reason=\"{}\"",
                            envelope.fromAddress(), install.from(), refusal);
                    return CompletableFuture.failedFuture(new org.proconsul.api.rpc.RpcException(
                            "raft: refusing a snapshot: " + refusal));
                }
                node.receiveSnapshot(done.file(), install, envelope.fromAddress());
            }
            return CompletableFuture.completedFuture(new byte[0]);
        } catch (java.io.IOException | RaftWire.BadMessage e) {
            LOG.warn("raft: refused a snapshot chunk from={} reason=\"{}\"", call.remoteAddress(), e.getMessage());
            return CompletableFuture.failedFuture(new org.proconsul.api.rpc.RpcException("raft: " + e.getMessage()));
        }
    }

    private static Path temporaryDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("proconsul-snapshots-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("raft: cannot create a temporary snapshot directory", e);
        }
    }

    private void receive(String remote, byte[] bytes) {
        RaftWire.Envelope envelope;
        try {
            envelope = RaftWire.decode(bytes);
        } catch (RaftWire.BadMessage e) {
            if (reportedForeign.add(remote + " " + e.getMessage())) {
                LOG.warn("raft: dropped a message from={} reason=\"{}\" (told once per sender)", remote, e.getMessage());
            }
            return;
        }
        if (!envelope.datacenter().equals(datacenter)) {
            if (reportedForeign.add(envelope.fromAddress() + " dc " + envelope.datacenter())) {
                LOG.warn("raft: dropped messages from a server of another datacenter from={} datacenter={} ours={}"
                        + " (told once per sender)", envelope.fromAddress(), envelope.datacenter(), datacenter);
            }
            return;
        }
        Message message = envelope.message();
        if (GossipLeaderCheck.claimsLeadership(message)) {
            String refusal = leaderCheck.refusal(message.from(), envelope.fromAddress());
            if (refusal != null) {
                if (refusedLeaders.add(message.from() + "@" + envelope.fromAddress())) {
                    LOG.warn("raft: Raft has a leader but other tracking of the node would indicate that the node is"
                            + " unhealthy or does not exist. The network may be misconfigured. leader={} id={}"
                            + " term={} reason=\"{}\" (told once per leader)", envelope.fromAddress(), message.from(),
                            message.term(), refusal);
                }
                return;
            }
        }
        node.receive(message, envelope.fromAddress());
    }

    /** The alive servers of our datacenter that gossip knows, as Raft servers (voters until the leader decides). */
    private List<Server> aliveServers() {
        Membership m = membership;
        if (m == null) {
            return List.of();
        }
        List<Server> out = new ArrayList<>();
        for (Member member : m.members(false)) {
            Map<String, String> tags = member.tags();
            if (member.status() != MemberStatus.ALIVE || !"consul".equals(tags.get("role"))
                    || !datacenter.equals(tags.get("dc")) || tags.get("id") == null || tags.get("port") == null) {
                continue;
            }
            out.add(Server.voter(tags.get("id"), member.address() + ":" + tags.get("port")));
        }
        out.sort(java.util.Comparator.comparing(Server::id));
        return out;
    }

    /**
     * Ids of our datacenter's servers that left gossip: {@code left} (a graceful leave or a force-leave), or
     * once seen and now gone from the member list (pruned, or reaped after the reconnect timeout). The leader
     * takes them out of Raft, as Consul's does on a member's leave or reap.
     */
    private java.util.Set<String> departedServers() {
        Membership m = membership;
        if (m == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        java.util.Set<String> departed = new java.util.HashSet<>();
        for (Member member : m.members(false)) {
            Map<String, String> tags = member.tags();
            String id = tags.get("id");
            if (id == null || !"consul".equals(tags.get("role")) || !datacenter.equals(tags.get("dc"))) {
                continue;
            }
            present.add(id);
            if (member.status() == MemberStatus.LEFT) {
                departed.add(id);
            }
        }
        for (String id : seenInGossip) {
            if (!present.contains(id)) {
                departed.add(id);
            }
        }
        seenInGossip.retainAll(present);
        seenInGossip.addAll(present);
        return departed;
    }

    private void discover() {
        try {
            List<Server> servers = aliveServers();
            if (bootstrapExpect > 0 && !bootstrapChecked && node.unconfigured()) {
                maybeBootstrap(servers);
            }
            node.reconcile(servers, departedServers());
        } catch (RuntimeException e) {
            LOG.warn("raft: server discovery failed: {}", e.toString());
        }
    }

    /**
     * Consul's bootstrap_expect: once the expected number of servers is alive in gossip, ask each whether it
     * already belongs to a cluster; if none does, every one of them bootstraps the same configuration.
     */
    private void maybeBootstrap(List<Server> servers) {
        if (servers.size() < bootstrapExpect) {
            return;
        }
        for (Server s : servers) {
            if (s.address().equals(address)) {
                continue;
            }
            try {
                byte[] reply = rpc.call(s.address(), PEERS_SERVICE, new byte[0], Duration.ofSeconds(5))
                        .get(6, TimeUnit.SECONDS);
                if (!"0".equals(new String(reply, StandardCharsets.UTF_8))) {
                    LOG.info("raft: existing Raft peers reported by server id={}, disabling bootstrap mode", s.id());
                    bootstrapChecked = true;
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.info("raft: cannot ask server id={} address={} for its peers yet: {}", s.id(), s.address(),
                        e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("raft: found expected number of peers, attempting bootstrap: {}",
                servers.stream().map(Server::address).collect(java.util.stream.Collectors.joining(",")));
        bootstrapChecked = true;
        node.bootstrap(servers);
    }

    private static Duration parseDuration(String value) {
        Duration d = GoDuration.parseOrNull(value);
        if (d == null) {
            throw new IllegalArgumentException("raft: invalid rpcHoldTimeout " + value);
        }
        return d;
    }

    @Deactivate
    void deactivate() {
        ready.unregister();
        discovery.shutdownNow();
        registrations.forEach(ServiceRegistration::unregister);
        node.stop();
        callbacks.shutdown();
        db.close();
        if (temporarySnapshotDir) {
            deleteTree(snapshots.dir());
        }
    }

    private static void deleteTree(Path dir) {
        try (var all = java.nio.file.Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            LOG.warn("raft: cannot remove temporary snapshot directory {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public CompletableFuture<ApplyResult> apply(byte[] command) {
        return node.apply(command);
    }

    @Override
    public CompletableFuture<ReadPermit> readBarrier(ReadConsistency consistency) {
        return node.readBarrier(consistency);
    }

    @Override
    public RaftView view() {
        return node.view();
    }

    @Override
    public CompletableFuture<org.proconsul.api.raft.TransferResult> transferLeadership(String targetId) {
        return node.transferLeadership(targetId);
    }

    @Override
    public CompletableFuture<org.proconsul.api.raft.MembershipResult> promote(String id) {
        return node.promote(id);
    }

    @Override
    public CompletableFuture<org.proconsul.api.raft.MembershipResult> removeServer(String id) {
        return node.removeServer(id);
    }
}
