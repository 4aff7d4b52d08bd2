package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Clients of the simulated key-value service and the history they record for the
 * {@link LinearizabilityChecker}. A put is proposed to a server and acknowledged when that server applies the
 * entry with the term it was proposed in; a get goes through the read-index path and is served from that
 * server's state machine once the read is confirmed and applied. Values are unique per put, so every read
 * names the write it saw.
 *
 * <p>Two kinds of client: interactive ones wait for one operation at a time and keep using the same server
 * until it refuses, crashes or times out, so a leader cut off from the others still gets requests; and the
 * pipelining writer (client 0), which proposes to whichever server leads without waiting, keeping the log
 * busy and the writes dense around every change of leader.
 *
 * <p>Times are ticks refined by the order of events within the tick ({@code tick * 1000 + step}): the
 * simulator runs in one thread, so that order is exactly the real-time order the checker reasons about.
 */
final class SimClients {

    static final int STEPS_PER_TICK = 1000;

    private static final class Client {
        final int id;
        /**
         * Even clients mostly read: a reader stuck on a cut-off leader keeps reading there while the writers
         * move on to the new leader, which is what would expose a stale read.
         */
        final double writeShare;
        String server;
        boolean waiting;
        int puts;

        Client(int id) {
            this.id = id;
            this.writeShare = id % 2 == 0 ? 0.1 : 0.6;
        }
    }

    /** An operation waiting for its outcome: a put's entry or a get's read request, depending on the kind. */
    private static final class InFlight {
        final Client client;
        final KvOperation.Kind kind;
        final String key;
        final String value;
        final String server;
        final long invokedAt;
        final long invokedTick;
        long index;
        long term;
        long requestId;
        long readIndex = -1;

        InFlight(Client client, KvOperation.Kind kind, String key, String value, String server, long invokedAt,
                long invokedTick) {
            this.client = client;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.server = server;
            this.invokedAt = invokedAt;
            this.invokedTick = invokedTick;
        }
    }

    private final SimCluster cluster;
    private final Random random;
    private final Client pipeliningWriter = new Client(0);
    private final List<Client> clients = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<InFlight> inFlight = new ArrayList<>();
    private final List<KvOperation> history = new ArrayList<>();
    private long stampTick = -1;
    private int stampStep;
    int putsAcknowledged;
    int putsUnanswered;
    int putsLost;
    int getsServed;
    int refused;

    SimClients(SimCluster cluster, long seed, int interactiveClients, int keyCount) {
        this.cluster = cluster;
        // a stream of its own: client choices do not shift the cluster's fault choices
        this.random = new Random(seed * 131 + 17);
        for (int i = 1; i <= interactiveClients; i++) {
            clients.add(new Client(i));
        }
        for (int i = 0; i < keyCount; i++) {
            keys.add("k" + i);
        }
    }

    List<KvOperation> history() {
        return List.copyOf(history);
    }

    String summary() {
        return "puts=" + putsAcknowledged + "+" + putsUnanswered + "?-" + putsLost + " gets=" + getsServed
                + " refused=" + refused;
    }

    private long stamp() {
        if (cluster.now != stampTick) {
            stampTick = cluster.now;
            stampStep = 0;
        }
        if (stampStep == STEPS_PER_TICK) {
            throw new IllegalStateException("more than " + STEPS_PER_TICK + " client events in tick " + stampTick);
        }
        return cluster.now * STEPS_PER_TICK + stampStep++;
    }

    private String randomKey() {
        return keys.get(random.nextInt(keys.size()));
    }

    // ---- client decisions, once per tick

    /** Gives up on operations older than {@code timeoutTicks}; idle clients start one with {@code opChance}. */
    void act(double opChance, int timeoutTicks) {
        for (InFlight op : List.copyOf(inFlight)) {
            if (cluster.now - op.invokedTick >= timeoutTicks) {
                giveUp(op);
            }
        }
        for (Client c : clients) {
            if (!c.waiting && random.nextDouble() < opChance) {
                if (random.nextDouble() < c.writeShare) {
                    put(c, randomKey());
                } else {
                    get(c, randomKey());
                }
            }
        }
    }

    /** The pipelining writer's next put, to {@code leaderId}. */
    void pipelinedPut(String leaderId) {
        pipeliningWriter.server = leaderId;
        put(pipeliningWriter, randomKey());
    }

    /**
     * The server a client talks to: the one it used last, else whichever the cluster says leads, else any. Now
     * and then a client picks any server at all, as one with outdated membership would: that is how requests
     * reach a leader cut off from the others.
     */
    private String serverFor(Client c) {
        if (c.server == null || !cluster.node(c.server).up()) {
            c.server = random.nextInt(10) == 0 ? null : cluster.leaderId();
        }
        if (c.server == null) {
            List<String> ids = new ArrayList<>(cluster.nodes.keySet());
            c.server = ids.get(random.nextInt(ids.size()));
        }
        return cluster.node(c.server).up() ? c.server : null;
    }

    private void put(Client c, String key) {
        String server = serverFor(c);
        if (server == null) {
            return;
        }
        String value = "c" + c.id + "-" + ++c.puts;
        InFlight op = new InFlight(c, KvOperation.Kind.PUT, key, value, server, stamp(), cluster.now);
        Proposal p = cluster.propose(server, new KvPut(key, value).encode(), accepted -> {
            op.index = accepted.index();
            op.term = accepted.term();
            start(op);
        });
        if (!(p instanceof Proposal.Accepted)) {
            // nothing was appended, so the put never happened
            refused++;
            c.server = p instanceof Proposal.NotLeader notLeader ? notLeader.leaderId() : null;
        }
    }

    private void get(Client c, String key) {
        String server = serverFor(c);
        if (server == null) {
            return;
        }
        InFlight op = new InFlight(c, KvOperation.Kind.GET, key, null, server, stamp(), cluster.now);
        start(op);
        cluster.readIndex(server, requestId -> op.requestId = requestId);
    }

    /** Final reads of every key through the leader, after the run healed: they see what the cluster kept. */
    void readEveryKey(int maxTicksPerRead) {
        Client reader = clients.get(0);
        for (String key : keys) {
            for (InFlight op : List.copyOf(inFlight)) {
                if (op.client == reader) {
                    giveUp(op);
                }
            }
            reader.server = cluster.leaderId();
            if (reader.server != null) {
                get(reader, key);
                cluster.runUntil(() -> !reader.waiting, maxTicksPerRead);
            }
        }
    }

    /** Ends the history: whatever is still waiting gets no response. */
    void finish() {
        for (InFlight op : List.copyOf(inFlight)) {
            giveUp(op);
        }
    }

    private void start(InFlight op) {
        inFlight.add(op);
        op.client.waiting = op.client != pipeliningWriter;
    }

    private void end(InFlight op) {
        inFlight.remove(op);
        op.client.waiting = false;
    }

    /** The client stops waiting and will look for a server afresh; a put's outcome stays unknown. */
    private void giveUp(InFlight op) {
        if (op.kind == KvOperation.Kind.PUT) {
            history.add(KvOperation.unansweredPut(op.client.id, op.key, op.value, op.invokedAt));
            putsUnanswered++;
        }
        end(op);
        op.client.server = null;
    }

    // ---- what the servers did, reported by the cluster as it handles each Ready

    void applied(SimNode n, Entry e) {
        for (InFlight op : List.copyOf(inFlight)) {
            if (op.kind != KvOperation.Kind.PUT || op.index != e.index() || !op.server.equals(n.id)) {
                continue;
            }
            if (e.term() == op.term) {
                history.add(KvOperation.put(op.client.id, op.key, op.value, op.invokedAt, stamp()));
                putsAcknowledged++;
            } else {
                // another leader's entry took the index: ours can never commit, the put did not happen
                putsLost++;
            }
            end(op);
        }
    }

    void readAnswered(SimNode n, ReadState rs) {
        for (InFlight op : List.copyOf(inFlight)) {
            if (op.kind != KvOperation.Kind.GET || op.requestId != rs.requestId() || !op.server.equals(n.id)) {
                continue;
            }
            if (rs.isConfirmed()) {
                op.readIndex = rs.readIndex();
            } else {
                refused++;
                end(op);
                op.client.server = rs.leaderId();
            }
        }
    }

    /** Serves the confirmed reads of {@code n} that its state machine has caught up with. */
    void serveReads(SimNode n) {
        for (InFlight op : List.copyOf(inFlight)) {
            if (op.kind == KvOperation.Kind.GET && op.readIndex >= 0 && op.server.equals(n.id)
                    && n.lastApplied() >= op.readIndex) {
                history.add(KvOperation.get(op.client.id, op.key, n.kv.get(op.key), op.invokedAt, stamp()));
                getsServed++;
                end(op);
            }
        }
    }

    void crashed(String nodeId) {
        for (InFlight op : List.copyOf(inFlight)) {
            if (op.server.equals(nodeId)) {
                giveUp(op);
            }
        }
    }
}
