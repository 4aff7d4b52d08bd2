package org.proconsul.gossip.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A seeded virtual network for gossip cores: one thread, simulated milliseconds, per-packet delay and loss,
 * reliable-but-delayed streams that fail when the far end is down. A failing seed replays exactly.
 */
final class SimCluster {

    enum Kind { PACKET, STREAM_REQUEST, STREAM_REPLY, STREAM_FAIL }

    record Delivery(long at, long seq, Kind kind, String from, String to, byte[] bytes) {
    }

    final long seed;
    final SplittableRandom rng;
    final GossipSettings settings;
    final String label;
    long now;
    double loss;
    int minDelayMillis = 1;
    int maxDelayMillis = 10;
    long stepMillis = 10;
    private long seq;
    private int nextIp = 1;
    final Map<String, GossipCore> byAddress = new LinkedHashMap<>();
    final Map<String, String> addressOf = new HashMap<>();
    final Set<String> down = new HashSet<>();
    /** Datagrams on these one-way links ({@code fromAddress + ">" + toAddress}) are lost. */
    final Set<String> cutLinks = new HashSet<>();
    final Map<String, List<MemberEvent>> events = new HashMap<>();
    final Map<String, List<QueryEvent>> queryEvents = new HashMap<>();
    final Map<String, List<String>> logs = new HashMap<>();
    boolean keepLogs = true;
    /** Big simulations drop JOIN events: n^2 of them would only cost memory. */
    boolean keepJoinEvents = true;
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    /** When non-null, every datagram sent is recorded here (replay tests). */
    List<byte[]> captured;
    final List<String> capturedTo = new ArrayList<>();
    long packetsDelivered;
    long packetsLost;
    long streamBytes;
    long packetBytes;

    SimCluster(long seed, GossipSettings settings, String label) {
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
        this.settings = settings;
        this.label = label;
    }

    String address(int i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255) + ":8301";
    }

    GossipCore add(String name, Map<String, String> tags) {
        return add(name, tags, label);
    }

    GossipCore add(String name, Map<String, String> tags, String nodeLabel) {
        String addr = address(nextIp++);
        GossipCore core = new GossipCore(settings, new LocalNode(name, addr, tags), nodeLabel,
                new SplittableRandom(rng.nextLong()), now);
        byAddress.put(addr, core);
        addressOf.put(name, addr);
        events.put(name, new ArrayList<>());
        queryEvents.put(name, new ArrayList<>());
        logs.put(name, new ArrayList<>());
        collect(addr, core);
        return core;
    }

    GossipCore node(String name) {
        return byAddress.get(addressOf.get(name));
    }

    List<GossipCore> live() {
        List<GossipCore> out = new ArrayList<>();
        byAddress.forEach((a, c) -> {
            if (!down.contains(a)) {
                out.add(c);
            }
        });
        return out;
    }

    void kill(String name) {
        down.add(addressOf.get(name));
    }

    /** Drains a core's outputs into the network and the per-node records. */
    void collect(String addr, GossipCore core) {
        for (Outbound o : core.drainOutbound()) {
            if (o instanceof Outbound.Packet p) {
                packetBytes += p.bytes().length;
                if (captured != null) {
                    captured.add(p.bytes());
                    capturedTo.add(p.toAddress());
                }
                if (loss > 0 && rng.nextDouble() < loss) {
                    packetsLost++;
                    continue;
                }
                enqueue(Kind.PACKET, addr, p.toAddress(), p.bytes());
            } else if (o instanceof Outbound.StreamRequest s) {
                streamBytes += s.bytes().length;
                enqueue(Kind.STREAM_REQUEST, addr, s.toAddress(), s.bytes());
            }
        }
        String name = core.name();
        for (MemberEvent e : core.drainEvents()) {
            if (keepJoinEvents || e.type() != MemberEvent.Type.JOIN) {
                events.get(name).add(e);
            }
        }
        queryEvents.get(name).addAll(core.drainQueryEvents());
        List<String> l = core.drainLog();
        if (keepLogs) {
            logs.get(name).addAll(l);
        }
    }

    private void enqueue(Kind kind, String from, String to, byte[] bytes) {
        int delay = minDelayMillis + rng.nextInt(maxDelayMillis - minDelayMillis + 1);
        inFlight.add(new Delivery(now + delay, seq++, kind, from, to, bytes));
    }

    /** Injects raw bytes as a datagram from {@code from} to {@code to}. */
    void inject(String from, String to, byte[] bytes) {
        enqueue(Kind.PACKET, from, to, bytes);
    }

    private void deliver(Delivery d) {
        GossipCore target = byAddress.get(d.to);
        boolean targetUp = target != null && !down.contains(d.to);
        switch (d.kind) {
            case PACKET:
                if (targetUp && !cutLinks.contains(d.from + ">" + d.to)) {
                    packetsDelivered++;
                    target.receivePacket(d.from, d.bytes, now);
                    collect(d.to, target);
                }
                break;
            case STREAM_REQUEST:
                if (!targetUp) {
                    enqueue(Kind.STREAM_FAIL, d.to, d.from, new byte[0]);
                    break;
                }
                byte[] reply = target.receiveStream(d.from, d.bytes, now);
                collect(d.to, target);
                streamBytes += reply.length;
                enqueue(reply.length == 0 ? Kind.STREAM_FAIL : Kind.STREAM_REPLY, d.to, d.from, reply);
                break;
            case STREAM_REPLY:
                if (targetUp) {
                    target.receiveStreamReply(d.from, d.bytes, now);
                    collect(d.to, target);
                }
                break;
            case STREAM_FAIL:
                if (targetUp) {
                    target.streamFailed(d.from, now);
                    collect(d.to, target);
                }
                break;
            default:
                throw new AssertionError(d.kind);
        }
    }

    /** Advances simulated time by {@code millis}. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            step();
        }
    }

    void step() {
        now += stepMillis;
        while (!inFlight.isEmpty() && inFlight.peek().at <= now) {
            deliver(inFlight.poll());
        }
        for (Map.Entry<String, GossipCore> e : byAddress.entrySet()) {
            if (!down.contains(e.getKey())) {
                e.getValue().tick(now);
                collect(e.getKey(), e.getValue());
            }
        }
    }

    /** Runs until {@code done} holds or {@code maxMillis} pass; returns the elapsed time, or -1 on timeout. */
    long runUntil(BooleanSupplier done, long maxMillis) {
        return runUntil(done, maxMillis, stepMillis);
    }

    /** As above, evaluating {@code done} only every {@code checkEveryMillis} (expensive conditions). */
    long runUntil(BooleanSupplier done, long maxMillis, long checkEveryMillis) {
        long start = now;
        long nextCheck = now;
        while (now - start < maxMillis) {
            if (now >= nextCheck) {
                if (done.getAsBoolean()) {
                    return now - start;
                }
                nextCheck = now + checkEveryMillis;
            }
            step();
        }
        return done.getAsBoolean() ? now - start : -1;
    }

    /** Every live node lists {@code name} with {@code status} (null: does not list it at all). */
    boolean allSee(String name, MemberStatus status) {
        for (GossipCore c : live()) {
            if (c.name().equals(name)) {
                continue;
            }
            MemberView v = c.member(name);
            if (status == null ? v != null : v == null || v.status() != status) {
                return false;
            }
        }
        return true;
    }

    boolean converged(int expectedAlive) {
        for (GossipCore c : live()) {
            if (c.count(MemberStatus.ALIVE) != expectedAlive) {
                return false;
            }
        }
        return true;
    }

    /** All nodes join the first one, with a few ms between joins. */
    void joinAllTo(String seedName) {
        String seedAddr = addressOf.get(seedName);
        for (Map.Entry<String, GossipCore> e : byAddress.entrySet()) {
            if (!e.getKey().equals(seedAddr)) {
                e.getValue().join(List.of(seedAddr), now);
                collect(e.getKey(), e.getValue());
            }
        }
    }
}
