package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Clients of the simulated key-value service and the history they record for the
 * {@link LinearizabilityChecker}. Each client waits for one operation at a time, like a blocking caller: a put
 * proposed to the server it believes leads (acknowledged when that server applies the entry with the term it
 * was proposed in), or a get through the read-index path (served from that server's state machine once the
 * read is confirmed and applied). A client keeps using the same server until it refuses, crashes or times
 * out, so stale leaders get requests too. Values are unique per put, so every read names the write it saw.
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
        InFlight op;
        int puts;

        Client(int id) {
            this.id = id;
            this.writeShare = id % 2 == 0 ? 0.1 : 0.6;
        }
    }

    /** The operation a client waits on; a put's entry or a get's read request, depending on the kind. */
    private static final class InFlight {
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

        InFlight(KvOperation.Kind kind, String key, String value, String server, long invokedAt, long invokedTick) {
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
    private final List<Client> clients = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final List<KvOperation> history = new ArrayList<>();
    private long stampTick = -1;
    private int stampStep;
    int putsAcknowledged;
    int putsUnanswered;
    int putsLost;
    int getsServed;
    int refused;

    SimClients(SimCluster cluster, long seed, int clientCount, int keyCount) {
        this.cluster = cluster;
        // a stream of its own: client choices do not shift the cluster's fault choices
        this.random = new Random(seed * 131 + 17);
        for (int i = 1; i <= clientCount; i++) {
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

    // ---- client decisions, once per tick

    /** Gives up on operations older than {@code timeoutTicks}; idle clients start one with {@code opChance}. */
    void act(double opChance, int timeoutTicks) {
        for (Client c : clients) {
            if (c.op != null && cluster.now - c.op.invokedTick >= timeoutTicks) {
                giveUp(c);
            }
            if (c.op == null && random.nextDouble() < opChance) {
                String key = keys.get(random.nextInt(keys.size()));
                if (random.nextDouble() < c.writeShare) {
                    put(c, key);
                } else {
                    get(c, key);
                }
            }
        }
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
        InFlight op = new InFlight(KvOperation.Kind.PUT, key, value, server, stamp(), cluster.now);
        Proposal p = cluster.propose(server, new KvPut(key, value).encode(), accepted -> {
            op.index = accepted.index();
            op.term = accepted.term();
            c.op = op;
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
        InFlight op = new InFlight(KvOperation.Kind.GET, key, null, server, stamp(), cluster.now);
        c.op = op;
        cluster.readIndex(server, requestId -> op.requestId = requestId);
    }

    /** Final reads of every key through the leader, after the run healed: they see what the cluster kept. */
    void readEveryKey(int maxTicksPerRead) {
        Client reader = clients.get(0);
        for (String key : keys) {
            if (reader.op != null) {
                giveUp(reader);
            }
            reader.server = cluster.leaderId();
            if (reader.server != null) {
                get(reader, key);
                cluster.runUntil(() -> reader.op == null, maxTicksPerRead);
            }
        }
    }

    /** Ends the history: whatever is still waiting gets no response. */
    void finish() {
        for (Client c : clients) {
            if (c.op != null) {
                giveUp(c);
            }
        }
    }

    private void giveUp(Client c) {
        InFlight op = c.op;
        if (op.kind == KvOperation.Kind.PUT) {
            history.add(KvOperation.unansweredPut(c.id, op.key, op.value, op.invokedAt));
            putsUnanswered++;
        }
        c.op = null;
        c.server = null;
    }

    // ---- what the servers did, reported by the cluster as it handles each Ready

    void applied(SimNode n, Entry e) {
        for (Client c : clients) {
            InFlight op = c.op;
            if (op == null || op.kind != KvOperation.Kind.PUT || !op.server.equals(n.id) || op.index != e.index()) {
                continue;
            }
            if (e.term() == op.term) {
                history.add(KvOperation.put(c.id, op.key, op.value, op.invokedAt, stamp()));
                putsAcknowledged++;
            } else {
                // another leader's entry took the index: ours can never commit, the put did not happen
                putsLost++;
            }
            c.op = null;
        }
    }

    void readAnswered(SimNode n, ReadState rs) {
        for (Client c : clients) {
            InFlight op = c.op;
            if (op == null || op.kind != KvOperation.Kind.GET || !op.server.equals(n.id)
                    || op.requestId != rs.requestId()) {
                continue;
            }
            if (rs.isConfirmed()) {
                op.readIndex = rs.readIndex();
            } else {
                refused++;
                c.op = null;
                c.server = rs.leaderId();
            }
        }
    }

    /** Serves the confirmed reads of {@code n} that its state machine has caught up with. */
    void serveReads(SimNode n) {
        for (Client c : clients) {
            InFlight op = c.op;
            if (op != null && op.kind == KvOperation.Kind.GET && op.server.equals(n.id) && op.readIndex >= 0
                    && n.lastApplied() >= op.readIndex) {
                history.add(KvOperation.get(c.id, op.key, n.kv.get(op.key), op.invokedAt, stamp()));
                getsServed++;
                c.op = null;
            }
        }
    }

    void crashed(String nodeId) {
        for (Client c : clients) {
            if (c.op != null && c.op.server.equals(nodeId)) {
                giveUp(c);
            }
        }
    }
}
