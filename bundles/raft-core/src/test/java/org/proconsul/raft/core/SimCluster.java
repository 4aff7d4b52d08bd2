package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A whole cluster in one thread on simulated time: one seed fixes every delay, drop, crash and election timeout,
 * so a failing seed replays exactly. Each tick: every live core ticks, due messages are delivered, then every
 * node's Ready is handled the way the driver must (persist, send, apply, advance). The {@link SafetyChecker}
 * watches all of it; in randomized runs {@link SimClients} put and get keys of the nodes' key-value state
 * machines, and their history must be linearizable.
 */
final class SimCluster {

    /** Random faults for {@link #runRandomized}; all off by default. */
    static final class Faults {
        double crashPerTick;
        double tornWriteShare;
        int maxDownTicks = 150;
        double partitionPerTick;
        int maxPartitionTicks = 300;
        /** Chance per tick of a put by the pipelining writer, which always goes to the current leader. */
        double proposePerTick;
        double readPerTick;
        double transferPerTick;
        double membershipPerTick;
        long compactEvery;
        /** Interactive clients, each waiting for one operation at a time. */
        int clients;
        int keys = 3;
        /** Chance per tick that an idle interactive client starts an operation. */
        double clientOpPerTick;
        int clientTimeoutTicks = 30;
    }

    final long seed;
    final Random random;
    final SimNetwork net;
    final SafetyChecker checker;
    final Map<String, SimNode> nodes = new TreeMap<>();
    private final Function<String, RaftConfig> configs;
    private final Map<String, List<Entry>> snapshotStore = new HashMap<>();
    private final Map<Long, String> readOwners = new HashMap<>();
    long now;
    private long nextRequestId = 1;
    private long nextCommand = 1;
    private long partitionUntil = -1;
    final List<String> log = new ArrayList<>();
    int crashes;
    int tornWrites;
    int snapshotsSent;
    int snapshotsInstalled;
    int partitions;
    boolean recordEvents;
    /** Created by {@link #runRandomized}; until then nobody is a client. */
    private SimClients clients;

    SimCluster(long seed, int voters) {
        this(seed, voters, id -> new RaftConfig(id, 10, 2, 16, 64, 8, true, true));
    }

    SimCluster(long seed, int voters, Function<String, RaftConfig> configs) {
        this.seed = seed;
        this.random = new Random(seed);
        this.net = new SimNetwork(new Random(seed * 31 + 7));
        this.checker = new SafetyChecker("seed=" + seed);
        this.configs = configs;
        List<Server> servers = new ArrayList<>();
        for (int i = 1; i <= voters; i++) {
            servers.add(Server.voter("n" + i, "10.0.0." + i + ":8300"));
        }
        Configuration configuration = new Configuration(servers);
        for (Server s : servers) {
            SimNode n = addNode(s.id());
            n.core.bootstrap(configuration);
        }
        settleAll();
    }

    /** A new server with an empty log, up and waiting to be added by a leader. */
    SimNode addNode(String id) {
        SimNode n = new SimNode(id, configs.apply(id));
        nodes.put(id, n);
        n.start(randomFor(n));
        return n;
    }

    private SplittableRandom randomFor(SimNode n) {
        return new SplittableRandom(seed * 1_000_003L + n.id.hashCode() * 7919L + n.incarnation);
    }

    SimNode node(String id) {
        return nodes.get(id);
    }

    Collection<SimNode> all() {
        return nodes.values();
    }

    // ---- time

    void tick() {
        now++;
        net.setNow(now);
        for (SimNode n : nodes.values()) {
            if (n.up()) {
                n.core.tick();
            }
        }
        for (Message m : net.due()) {
            SimNode to = nodes.get(m.to());
            if (to != null && to.up()) {
                to.core.step(m);
            }
        }
        if (faults != null) {
            maybeCrash();
        }
        settleAll();
        for (SimNode n : nodes.values()) {
            if (n.up() && n.core.role() == Role.LEADER) {
                checker.observeLeader(n);
            }
        }
        checker.checkLease(nodes.values());
        if (now % 50 == 0) {
            checker.checkLogMatching(nodes.values());
        }
    }

    void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick();
        }
    }

    boolean runUntil(BooleanSupplier condition, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            tick();
        }
        return condition.getAsBoolean();
    }

    void settleAll() {
        for (SimNode n : nodes.values()) {
            settle(n, false);
        }
    }

    /** Handles every Ready of {@code n}; with {@code tornCrash} the first one is half-written and the node dies. */
    private void settle(SimNode n, boolean tornCrash) {
        while (n.up() && n.core.hasReady()) {
            Ready r = n.core.ready();
            if (tornCrash && r.snapshotToInstall() == null && !r.entries().isEmpty() && r.hardState() != null) {
                // the entries reached the disk, the hard state did not, nothing was sent
                n.disk.append(r.entries());
                tornWrites++;
                crash(n.id);
                return;
            }
            n.disk.persist(r);
            if (r.snapshotToInstall() != null) {
                List<Entry> data = snapshotStore.get(r.snapshotToInstall().dataReference());
                n.installSnapshot(r.snapshotToInstall().metadata(), data);
                checker.snapshotInstalled(n, data);
                snapshotsInstalled++;
            }
            for (Message m : r.messages()) {
                net.send(m);
            }
            for (Entry e : r.committed()) {
                n.apply(e);
                checker.applied(n, e);
                if (clients != null) {
                    clients.applied(n, e);
                }
            }
            for (ReadState rs : r.readStates()) {
                readOwners.remove(rs.requestId());
                checker.readAnswered(n, rs);
                if (clients != null) {
                    clients.readAnswered(n, rs);
                }
            }
            if (clients != null) {
                clients.serveReads(n);
            }
            for (SnapshotNeeded sn : r.snapshotsNeeded()) {
                sendSnapshot(n, sn);
            }
            if (recordEvents) {
                for (String e : r.events()) {
                    log.add(now + " " + n.id + ": " + e);
                }
            }
            n.core.advance(r);
        }
    }

    private void sendSnapshot(SimNode leader, SnapshotNeeded needed) {
        SnapshotMetadata meta = leader.disk.snapshotMetadata();
        String ref = "snap-" + leader.id + "-" + meta.index() + "-" + meta.term();
        snapshotStore.put(ref, leader.snapshotData);
        boolean reachable = net.canReach(leader.id, needed.followerId());
        if (reachable) {
            snapshotsSent++;
            net.send(needed.installMessage(meta, ref));
        }
        leader.core.reportSnapshot(needed.followerId(), reachable);
    }

    // ---- operations

    String leaderId() {
        SimNode best = null;
        for (SimNode n : nodes.values()) {
            if (n.up() && n.core.role() == Role.LEADER && (best == null || n.core.term() > best.core.term())) {
                best = n;
            }
        }
        return best == null ? null : best.id;
    }

    SimNode leader() {
        String id = leaderId();
        return id == null ? null : nodes.get(id);
    }

    String awaitLeader(int maxTicks) {
        if (!runUntil(() -> leaderId() != null, maxTicks)) {
            throw checker.failure("no leader within " + maxTicks + " ticks");
        }
        return leaderId();
    }

    Proposal propose(String nodeId, byte[] data) {
        return propose(nodeId, data, accepted -> {
        });
    }

    /** Proposes {@code data}; {@code onAccepted} runs before the leader's Ready is handled, in time for its apply. */
    Proposal propose(String nodeId, byte[] data, Consumer<Proposal.Accepted> onAccepted) {
        SimNode n = nodes.get(nodeId);
        Proposal p = n.core.propose(data);
        if (p instanceof Proposal.Accepted a) {
            checker.proposed(nodeId, a, data);
            onAccepted.accept(a);
        }
        settle(n, false);
        return p;
    }

    /** Proposes a put of a fresh value to a key no client uses, for tests that only need the log to grow. */
    Proposal proposeNext(String nodeId) {
        return propose(nodeId, new KvPut("load", "cmd-" + nextCommand++).encode());
    }

    Proposal changeConfig(String nodeId, ConfigChange change) {
        SimNode n = nodes.get(nodeId);
        Proposal p = n.core.proposeConfigChange(change);
        settle(n, false);
        return p;
    }

    void transferLeadership(String leaderId, String targetId) {
        SimNode n = nodes.get(leaderId);
        n.core.transferLeadership(targetId);
        settle(n, false);
    }

    /** Whether every live node has applied at least {@code index}. */
    boolean allApplied(long index) {
        for (SimNode n : nodes.values()) {
            if (n.up() && n.lastApplied() < index) {
                return false;
            }
        }
        return true;
    }

    long readIndex(String nodeId) {
        return readIndex(nodeId, requestId -> {
        });
    }

    /** Asks {@code nodeId} for a read index; {@code onIssued} learns the request id before any answer comes. */
    long readIndex(String nodeId, LongConsumer onIssued) {
        long id = nextRequestId++;
        checker.readIssued(id);
        readOwners.put(id, nodeId);
        onIssued.accept(id);
        nodes.get(nodeId).core.readIndex(id);
        settle(nodes.get(nodeId), false);
        return id;
    }

    void crash(String id) {
        crashes++;
        SimNode n = nodes.get(id);
        n.crash();
        checker.crashed(id);
        List<Long> lost = new ArrayList<>();
        readOwners.entrySet().removeIf(e -> {
            if (e.getValue().equals(id)) {
                lost.add(e.getKey());
                return true;
            }
            return false;
        });
        checker.forgetReadsOf(lost);
        if (clients != null) {
            clients.crashed(id);
        }
    }

    void restart(String id) {
        SimNode n = nodes.get(id);
        n.start(randomFor(n));
        settle(n, false);
    }

    void isolate(String... ids) {
        net.partition(List.of(ids), nodes.keySet());
    }

    void heal() {
        net.heal();
    }

    /** True when every member applied the same history up to the leader's commit index. */
    boolean converged() {
        SimNode leader = leader();
        if (leader == null || leader.core.commitIndex() != leader.core.logView().lastIndex()) {
            return false;
        }
        for (SimNode n : members()) {
            if (!n.up() || n.lastApplied() != leader.core.commitIndex()) {
                return false;
            }
        }
        return true;
    }

    String summary() {
        return "seed=" + seed + " nodes=" + nodes.size() + " ticks=" + now + " leaders=" + checker.leaderCount()
                + " acknowledged=" + checker.acknowledged.size() + " committed=" + checker.committed.size()
                + " reads=" + checker.confirmedReads + "/" + checker.rejectedReads + " crashes=" + crashes
                + " torn=" + tornWrites + " partitions=" + partitions + " membership=" + membershipChanges
                + " snapshots=" + snapshotsSent + "/"
                + snapshotsInstalled + " messages=" + net.delivered + " lost=" + net.lost
                + (clients == null ? "" : " clients: " + clients.summary());
    }

    int membershipChanges;

    /** Promotes a non-voter, re-adds a removed server as a non-voter, or removes a voter (the leader too). */
    private void changeMembership(SimNode leader) {
        Configuration current = leader.core.configuration();
        List<String> absent = new ArrayList<>();
        List<String> nonVoters = new ArrayList<>();
        for (String id : nodes.keySet()) {
            if (!current.contains(id)) {
                absent.add(id);
            } else if (!current.isVoter(id)) {
                nonVoters.add(id);
            }
        }
        ConfigChange change;
        if (!nonVoters.isEmpty()) {
            change = ConfigChange.promote(nonVoters.get(random.nextInt(nonVoters.size())));
        } else if (!absent.isEmpty()) {
            change = ConfigChange.addNonVoter(absent.get(random.nextInt(absent.size())), "sim");
        } else {
            List<String> voters = new ArrayList<>(current.voterIds());
            change = ConfigChange.remove(voters.get(random.nextInt(voters.size())));
        }
        if (changeConfig(leader.id, change) instanceof Proposal.Accepted) {
            membershipChanges++;
        }
    }

    /** Servers of the current leader's configuration: the ones that must converge. */
    private List<SimNode> members() {
        SimNode leader = leader();
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            if (leader == null || leader.core.configuration().contains(n.id)) {
                out.add(n);
            }
        }
        return out;
    }

    // ---- randomized runs

    private Faults faults;

    /** Crashes at most a minority, sometimes in the middle of persisting a Ready (a torn write). */
    private void maybeCrash() {
        if (random.nextDouble() >= faults.crashPerTick) {
            return;
        }
        int down = 0;
        for (SimNode n : nodes.values()) {
            down += n.up() ? 0 : 1;
        }
        if (down + 1 > (nodes.size() - 1) / 2) {
            return;
        }
        List<String> ids = new ArrayList<>(nodes.keySet());
        SimNode victim = nodes.get(ids.get(random.nextInt(ids.size())));
        if (!victim.up()) {
            return;
        }
        victim.downUntil = now + 1 + random.nextInt(faults.maxDownTicks);
        if (random.nextDouble() < faults.tornWriteShare) {
            settle(victim, true);
        }
        if (victim.up()) {
            crash(victim.id);
        }
    }

    /**
     * Plays {@code ticks} of random faults and client traffic, then heals, checks convergence, reads every key
     * and checks that the clients' history is linearizable.
     */
    void runRandomized(int ticks, Faults f) {
        List<String> ids = new ArrayList<>(nodes.keySet());
        faults = f;
        clients = new SimClients(this, seed, f.clients, f.keys);
        for (int t = 0; t < ticks; t++) {
            for (SimNode n : nodes.values()) {
                if (!n.up() && n.downUntil <= now) {
                    restart(n.id);
                }
            }
            if (partitionUntil >= 0 && now >= partitionUntil) {
                heal();
                partitionUntil = -1;
            } else if (partitionUntil < 0 && random.nextDouble() < f.partitionPerTick) {
                List<String> side = new ArrayList<>();
                int size = 1 + random.nextInt(Math.max(1, ids.size() / 2));
                while (side.size() < size) {
                    String id = ids.get(random.nextInt(ids.size()));
                    if (!side.contains(id)) {
                        side.add(id);
                    }
                }
                if (random.nextBoolean()) {
                    net.partition(side, ids);
                } else {
                    // a one-way cut: the side hears the others but cannot answer
                    for (String a : side) {
                        for (String b : ids) {
                            if (!side.contains(b)) {
                                net.cut(a, b);
                            }
                        }
                    }
                }
                partitionUntil = now + 1 + random.nextInt(f.maxPartitionTicks);
                partitions++;
            }
            SimNode leader = leader();
            if (leader != null && random.nextDouble() < f.proposePerTick) {
                clients.pipelinedPut(leader.id);
            }
            if (random.nextDouble() < f.readPerTick) {
                SimNode target = nodes.get(ids.get(random.nextInt(ids.size())));
                if (target.up()) {
                    readIndex(target.id);
                }
            }
            if (leader != null && random.nextDouble() < f.transferPerTick) {
                leader.core.transferLeadership(ids.get(random.nextInt(ids.size())));
                settle(leader, false);
            }
            if (leader != null && random.nextDouble() < f.membershipPerTick) {
                changeMembership(leader);
            }
            if (f.compactEvery > 0) {
                for (SimNode n : nodes.values()) {
                    long snapshotIndex = n.disk.snapshotMetadata().index();
                    if (n.up() && n.lastApplied() - snapshotIndex >= 2 * f.compactEvery) {
                        n.compactTo(n.lastApplied() - f.compactEvery);
                    }
                }
            }
            clients.act(f.clientOpPerTick, f.clientTimeoutTicks);
            tick();
        }
        faults = null;
        heal();
        partitionUntil = -1;
        net.dropRate = 0;
        net.duplicateRate = 0;
        for (SimNode n : nodes.values()) {
            if (!n.up()) {
                restart(n.id);
            }
        }
        String leaderId = awaitLeader(600);
        // a final write proves the healed cluster makes progress and replicates it everywhere
        for (int attempt = 0; attempt < 20; attempt++) {
            leaderId = awaitLeader(600);
            if (propose(leaderId, new KvPut("load", "final").encode()) instanceof Proposal.Accepted) {
                break;
            }
            run(20);
        }
        if (!runUntil(this::converged, 2000)) {
            StringBuilder state = new StringBuilder();
            for (SimNode n : nodes.values()) {
                state.append(' ').append(n.id).append(n.up() ? n.core.status() : " down").append(" applied=")
                        .append(n.lastApplied()).append('\n');
            }
            throw checker.failure("no convergence after healing:\n" + state);
        }
        checker.checkLogMatching(nodes.values());
        checker.checkFinal(members());
        if (f.clients > 0) {
            clients.readEveryKey(200);
        }
        clients.finish();
        LinearizabilityChecker.Verdict verdict = LinearizabilityChecker.check(clients.history());
        if (!verdict.linearizable()) {
            throw checker.failure(verdict.explanation() + "  (times are tick * " + SimClients.STEPS_PER_TICK
                    + " + order within the tick)");
        }
    }

    SimClients clients() {
        return clients;
    }
}
