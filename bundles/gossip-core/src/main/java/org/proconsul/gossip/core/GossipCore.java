package org.proconsul.gossip.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.proconsul.gossip.core.wire.Decoded;
import org.proconsul.gossip.core.wire.DropReason;
import org.proconsul.gossip.core.wire.Message;
import org.proconsul.gossip.core.wire.NodeState;
import org.proconsul.gossip.core.wire.SwimState;
import org.proconsul.gossip.core.wire.Versions;
import org.proconsul.gossip.core.wire.WireCodec;

/**
 * SWIM + Lifeguard failure detection and serf membership as one single-threaded state machine.
 *
 * <p>Driver contract (not thread-safe: call everything from one thread or under one lock):
 * <ol>
 *   <li>feed every UDP datagram to {@link #receivePacket}; every inbound TCP connection's request frame to
 *       {@link #receiveStream} and write the returned bytes back on that connection (close it when empty);</li>
 *   <li>call {@link #tick} often (every 10..50 ms is fine: it is idempotent and only acts on due timers);</li>
 *   <li>after any call, drain {@link #drainOutbound}: send each {@link Outbound.Packet} as one datagram; for each
 *       {@link Outbound.StreamRequest} open TCP, write, read one reply frame and hand it to
 *       {@link #receiveStreamReply}, or call {@link #streamFailed} on error or after
 *       {@link GossipSettings#streamTimeoutMillis};</li>
 *   <li>drain {@link #drainEvents}, {@link #drainQueryEvents} and {@link #drainLog} and act on them;</li>
 *   <li>to leave, call {@link #leave}, keep ticking and draining until {@link #leaveComplete} or a timeout,
 *       then close the sockets.</li>
 * </ol>
 * Frames are plaintext here; the driver encrypts and decrypts around them.
 */
public final class GossipCore {

    /** Log lines kept between drains; beyond that only a counter grows (a packet flood must not eat memory). */
    private static final int LOG_BOUND = 10_000;
    /** Intents about members we do not know yet (serf's recent intent buffer). */
    private static final int RECENT_INTENTS_BOUND = 1024;

    private final GossipSettings settings;
    private final String label;
    private final RandomGenerator random;
    private final Member self;
    private final MemberTable table = new MemberTable();
    private final Awareness awareness;
    private final BroadcastQueue broadcasts;
    private final LamportClock memberClock;
    private final LamportClock queryClock;
    private final Queries queries = new Queries();
    private final LinkedHashSet<String> suspected = new LinkedHashSet<>();
    private final Map<Integer, IndirectRelay> relays = new LinkedHashMap<>();
    private final Map<String, Message.Intent> recentIntents = new LinkedHashMap<>();
    private final LinkedHashSet<String> pendingJoins = new LinkedHashSet<>();

    private final List<Outbound> outbound = new ArrayList<>();
    private final List<MemberEvent> events = new ArrayList<>();
    private final List<QueryEvent> queryEvents = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private long logOverflow;

    private ProbeRound probe;
    private int nextSeq;
    private long lastNow;
    private long nextProbeAt;
    private long nextGossipAt;
    private long nextPushPullAt;
    private long nextReapAt;
    private long nextReconnectAt;
    /** Other members with swim state alive or suspect, kept incrementally: every log(n) formula needs it. */
    private int reachableOthers;

    private boolean leaving;
    private long leaveIntentId;
    private long leaveDeadId;

    private long packetsSent;
    private long packetBytesSent;
    private long streamBytesSent;

    public GossipCore(GossipSettings settings, LocalNode self, String label, RandomGenerator random, long nowMillis) {
        this(settings, self, label, random, nowMillis, 0, 0);
    }

    private GossipCore(GossipSettings settings, LocalNode local, String label, RandomGenerator random, long now,
            long memberTime, long queryTime) {
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid gossip settings: " + problems);
        }
        if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > WireCodec.MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("label longer than " + WireCodec.MAX_LABEL_BYTES + " bytes");
        }
        if (WireCodec.tagsBytes(local.tags()) > WireCodec.MAX_TAGS_BYTES) {
            throw new IllegalArgumentException("tags exceed " + WireCodec.MAX_TAGS_BYTES + " bytes");
        }
        this.settings = settings;
        this.label = label;
        this.random = random;
        this.awareness = new Awareness(settings.awarenessMaxMultiplier());
        this.broadcasts = new BroadcastQueue(settings.maxBroadcastQueue());
        this.memberClock = new LamportClock(memberTime);
        this.queryClock = new LamportClock(queryTime);
        this.lastNow = now;
        // incarnation 1: a restarted node must out-vote its own stale "dead" claims, refutation bumps it further
        this.self = new Member(local.name(), local.address(), local.tags(), Versions.current(), 1, now);
        table.add(self, random);
        self.statusLamportTime = memberClock.increment();
        events.add(new MemberEvent(MemberEvent.Type.JOIN, self.view(), self.statusLamportTime));
        broadcast(intentKey(self.name), new Message.Intent(Message.IntentKind.JOIN, self.statusLamportTime,
                self.name, false));
        broadcast(memberKey(self.name), selfAlive());
        // random phase so nodes started together do not probe and gossip in lockstep
        nextProbeAt = now + random.nextLong(settings.probeIntervalMillis());
        nextGossipAt = now + random.nextLong(settings.gossipIntervalMillis());
        nextPushPullAt = now + settings.pushPullIntervalMillis() + random.nextLong(settings.pushPullIntervalMillis());
        nextReapAt = now + settings.reapIntervalMillis();
        nextReconnectAt = now + settings.reconnectIntervalMillis();
    }

    /**
     * A core that continues from a persisted snapshot: clocks resume past the saved times, and unless the node
     * left cleanly, join requests go to the members it last saw alive.
     */
    public static GossipCore restore(GossipSettings settings, LocalNode self, String label, RandomGenerator random,
            long nowMillis, Snapshot snapshot) {
        GossipCore core = new GossipCore(settings, self, label, random, nowMillis, snapshot.memberLamportTime(),
                snapshot.queryLamportTime());
        List<String> rejoin = snapshot.rejoinAddresses().stream().filter(a -> !a.equals(self.address())).toList();
        if (!rejoin.isEmpty()) {
            core.join(rejoin, nowMillis);
        }
        return core;
    }

    // ------------------------------------------------------------------ driver inputs

    /** Starts a full-state sync with each address; returns how many requests were emitted. */
    public int join(List<String> addresses, long now) {
        observe(now);
        int sent = 0;
        for (String address : addresses) {
            if (HostPort.parse(address) == null || address.equals(self.address)) {
                log("gossip: join skipped address=" + address + " reason=" + (HostPort.parse(address) == null
                        ? "not ip:port" : "own address"));
                continue;
            }
            pendingJoins.add(address);
            stream(address, localPushPull(true), StreamPurpose.JOIN);
            sent++;
        }
        return sent;
    }

    /** One UDP datagram from {@code fromAddress}. Garbage is dropped with a counted reason, never thrown. */
    public void receivePacket(String fromAddress, byte[] payload, long now) {
        observe(now);
        Decoded d = WireCodec.decode(payload, label, WireCodec.MAX_PACKET_BYTES);
        if (d instanceof Decoded.Rejected r) {
            drop(r.reason(), fromAddress, r.detail());
            return;
        }
        Message m = ((Decoded.Accepted) d).message();
        if (m instanceof Message.Compound c) {
            for (Message part : c.parts()) {
                handlePacketMessage(part, fromAddress, now);
            }
        } else {
            handlePacketMessage(m, fromAddress, now);
        }
    }

    /**
     * A request frame read from an inbound TCP connection; returns the reply frame to write back (empty: close
     * without reply).
     */
    public byte[] receiveStream(String fromAddress, byte[] request, long now) {
        observe(now);
        Decoded d = WireCodec.decode(request, label, WireCodec.MAX_STREAM_BYTES);
        if (d instanceof Decoded.Rejected r) {
            drop(r.reason(), fromAddress, r.detail());
            return new byte[0];
        }
        Message m = ((Decoded.Accepted) d).message();
        if (m instanceof Message.Ping p) {
            if (!p.target().isEmpty() && !p.target().equals(self.name)) {
                drop(DropReason.WRONG_TARGET, fromAddress, "target " + p.target());
                return new byte[0];
            }
            return WireCodec.encode(label, new Message.Ack(p.seq(), self.name));
        }
        if (m instanceof Message.PushPull pp) {
            // reply with our view before merging theirs, as memberlist does: the exchange is symmetric
            byte[] reply = WireCodec.encode(label, localPushPull(false));
            if (pp.join()) {
                log("gossip: push/pull join from=" + fromAddress + " members=" + pp.nodes().size());
            }
            merge(pp, now);
            return reply;
        }
        drop(DropReason.UNEXPECTED, fromAddress, m.type() + " over stream");
        return new byte[0];
    }

    /** The reply frame to one of our {@link Outbound.StreamRequest}s. */
    public void receiveStreamReply(String fromAddress, byte[] reply, long now) {
        observe(now);
        Decoded d = WireCodec.decode(reply, label, WireCodec.MAX_STREAM_BYTES);
        if (d instanceof Decoded.Rejected r) {
            drop(r.reason(), fromAddress, r.detail());
            pendingJoins.remove(fromAddress);
            return;
        }
        Message m = ((Decoded.Accepted) d).message();
        if (m instanceof Message.Ack a) {
            onAck(a, now);
        } else if (m instanceof Message.PushPull pp) {
            merge(pp, now);
            if (pendingJoins.remove(fromAddress)) {
                log("gossip: joined via address=" + fromAddress + " members=" + pp.nodes().size());
            }
        } else {
            drop(DropReason.UNEXPECTED, fromAddress, m.type() + " as stream reply");
        }
    }

    /** A stream request could not be completed (connect, I/O or timeout). */
    public void streamFailed(String address, long now) {
        observe(now);
        if (pendingJoins.remove(address)) {
            log("gossip: join failed address=" + address);
        }
        // a failed fallback ping needs nothing: the probe round simply ends without an ack
    }

    /** Drives every timer: probes, indirect relays, suspicions, gossip, push/pull, reaping, reconnects, queries. */
    public void tick(long now) {
        observe(now);
        now = lastNow;
        probeTick(now);
        relayTick(now);
        suspicionTick(now);
        gossipTick(now);
        pushPullTick(now);
        reapTick(now);
        reconnectTick(now);
        queries.expire(now, queryEvents);
    }

    /** Graceful leave: broadcasts a leave intent and our own "dead" (left) claim; stops probing. */
    public void leave(long now) {
        observe(now);
        if (leaving) {
            return;
        }
        leaving = true;
        probe = null;
        setStatus(self, MemberStatus.LEAVING, now);
        self.statusLamportTime = memberClock.increment();
        leaveIntentId = broadcast(intentKey(self.name),
                new Message.Intent(Message.IntentKind.LEAVE, self.statusLamportTime, self.name, false));
        setSwim(self, SwimState.LEFT, now);
        leaveDeadId = broadcast(memberKey(self.name), new Message.Dead(self.incarnation, self.name, self.name));
        log("gossip: leaving node=" + self.name + " lamport=" + self.statusLamportTime);
    }

    /**
     * True once both leave messages were piggybacked their full count (or nobody is left to tell); the first
     * true answer also marks ourselves left. The driver then stops ticking and closes its sockets.
     */
    public boolean leaveComplete() {
        if (!leaving) {
            return false;
        }
        boolean nobody = table.count(m -> m != self && m.reachable()) == 0;
        boolean done = nobody || (!broadcasts.pending(leaveIntentId) && !broadcasts.pending(leaveDeadId));
        if (done && self.status == MemberStatus.LEAVING) {
            setStatus(self, MemberStatus.LEFT, lastNow);
            log("gossip: left node=" + self.name);
        }
        return done;
    }

    /**
     * Consul's force-leave: broadcasts a leave intent for {@code node}. A failed member becomes left at once
     * (erased with {@code prune}); an alive one will refute it.
     */
    public ForceLeaveResult forceLeave(String node, boolean prune, long now) {
        observe(now);
        Member m = table.get(node);
        if (m == null) {
            log("gossip: force-leave ignored node=" + node + " reason=unknown");
            return ForceLeaveResult.UNKNOWN_NODE;
        }
        if (m == self) {
            return ForceLeaveResult.NOT_FAILED;
        }
        boolean down = m.status == MemberStatus.FAILED || m.status == MemberStatus.LEFT;
        Message.Intent intent = new Message.Intent(Message.IntentKind.LEAVE, memberClock.increment(), node, prune);
        broadcast(intentKey(node), intent);
        onIntent(intent, now);
        log("gossip: force-leave node=" + node + " prune=" + prune + " status=" + m.status.consulName());
        return down ? ForceLeaveResult.DONE : ForceLeaveResult.NOT_FAILED;
    }

    /** Replaces our tags and spreads them with a fresh incarnation. */
    public SetTagsResult setTags(Map<String, String> tags, long now) {
        observe(now);
        if (WireCodec.tagsBytes(tags) > WireCodec.MAX_TAGS_BYTES) {
            return SetTagsResult.TOO_LARGE;
        }
        self.tags = Map.copyOf(tags);
        self.incarnation++;
        broadcast(memberKey(self.name), selfAlive());
        events.add(new MemberEvent(MemberEvent.Type.UPDATE, self.view(), memberClock.time()));
        return SetTagsResult.APPLIED;
    }

    /**
     * Starts a cluster-wide query; acks, responses and completion come as {@link QueryEvent}s carrying the
     * returned id. {@code timeoutMillis <= 0} uses serf's default for the cluster size.
     *
     * @throws IllegalArgumentException when name or payload exceed their wire bounds (check before calling)
     */
    public long query(String name, byte[] payload, long timeoutMillis, long now) {
        return query(name, payload, timeoutMillis, 0, now);
    }

    /**
     * As {@link #query(String, byte[], long, long)}, asking every responder to relay its response through
     * {@code relayFactor} other random members as well (0..{@link WireCodec#MAX_RELAY_FACTOR}).
     */
    public long query(String name, byte[] payload, long timeoutMillis, int relayFactor, long now) {
        observe(now);
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > WireCodec.MAX_QUERY_NAME_BYTES
                || payload.length > WireCodec.MAX_QUERY_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("query name or payload too large");
        }
        if (relayFactor < 0 || relayFactor > WireCodec.MAX_RELAY_FACTOR) {
            throw new IllegalArgumentException("relay factor must be in range: [0, " + WireCodec.MAX_RELAY_FACTOR + "]");
        }
        long timeout = timeoutMillis > 0 ? timeoutMillis
                : GossipMath.defaultQueryTimeoutMillis(settings.gossipIntervalMillis(), settings.queryTimeoutMult(),
                        reachable());
        long ltime = queryClock.increment();
        int wireId = random.nextInt();
        Message.Query q = new Message.Query(ltime, wireId, self.name, self.address, true, relayFactor, timeout, name,
                payload.clone());
        long id = queries.start(ltime, wireId, now + timeout);
        broadcast(null, q);
        onQuery(q, now, true);
        return id;
    }

    /** Answers a received query (see {@link QueryEvent.Received}); false when the token is unknown or expired. */
    public boolean respond(long token, byte[] payload, long now) {
        observe(now);
        if (payload.length > WireCodec.MAX_QUERY_PAYLOAD_BYTES) {
            return false;
        }
        Queries.Pending p = queries.takePending(token, now);
        if (p == null) {
            return false;
        }
        Message.QueryResponse r = new Message.QueryResponse(p.lamportTime(), p.wireId(), self.name, false,
                payload.clone());
        if (p.fromNode().equals(self.name)) {
            QueryEvent e = queries.onResponse(r, now);
            if (e != null) {
                queryEvents.add(e);
            }
        } else {
            sendPacket(p.fromAddress(), r, false);
            relay(p, r);
        }
        return true;
    }

    /** Sends copies of a response to the asker through {@code relayFactor} other live members (serf's relay). */
    private void relay(Queries.Pending p, Message.QueryResponse r) {
        if (p.relayFactor() == 0) {
            return;
        }
        Message.Relay relay = new Message.Relay(p.fromAddress(), r);
        for (Member via : table.randomMembers(p.relayFactor(), m -> m != self && m.swim == SwimState.ALIVE
                && !m.name.equals(p.fromNode()), random)) {
            sendPacket(via.address, relay, false);
        }
    }

    /** Passes a relayed response on, but only to a live member: we are nobody's open packet reflector. */
    private void onRelay(Message.Relay relay, String from) {
        boolean member = table.all().stream().anyMatch(m -> m != self && m.swim == SwimState.ALIVE
                && m.address.equals(relay.toAddress()));
        if (!member) {
            drop(DropReason.UNEXPECTED, from, "relay to a non-member " + relay.toAddress());
            return;
        }
        sendPacket(relay.toAddress(), relay.response(), false);
    }

    // ------------------------------------------------------------------ driver outputs and views

    public List<Outbound> drainOutbound() {
        return drain(outbound);
    }

    public List<MemberEvent> drainEvents() {
        return drain(events);
    }

    public List<QueryEvent> drainQueryEvents() {
        return drain(queryEvents);
    }

    public List<String> drainLog() {
        List<String> out = drain(log);
        if (logOverflow > 0) {
            out.add("gossip: log overflow dropped=" + logOverflow);
            logOverflow = 0;
        }
        return out;
    }

    private static <T> List<T> drain(List<T> list) {
        if (list.isEmpty()) {
            return new ArrayList<>(0);
        }
        List<T> out = new ArrayList<>(list);
        list.clear();
        return out;
    }

    /** All members including ourselves, by name. */
    public List<MemberView> members() {
        List<MemberView> out = new ArrayList<>(table.size());
        for (Member m : table.all()) {
            out.add(m.view());
        }
        out.sort(Comparator.comparing(MemberView::name));
        return out;
    }

    /** How many members (ourselves included) have {@code status}; cheap, for metrics and health checks. */
    public int count(MemberStatus status) {
        return table.count(m -> m.status == status);
    }

    /** One member, or null. */
    public MemberView member(String name) {
        Member m = table.get(name);
        return m == null ? null : m.view();
    }

    /** Lifeguard local health: 0 healthy, up to awarenessMaxMultiplier-1. */
    public int healthScore() {
        return awareness.score();
    }

    public long lamportTime() {
        return memberClock.time();
    }

    public long queryLamportTime() {
        return queryClock.time();
    }

    public Map<DropReason, Long> droppedPackets() {
        return Map.copyOf(drops);
    }

    public Snapshot snapshot() {
        List<Snapshot.KnownMember> alive = new ArrayList<>();
        for (Member m : table.all()) {
            if (m != self && m.status == MemberStatus.ALIVE) {
                alive.add(new Snapshot.KnownMember(m.name, m.address));
            }
        }
        alive.sort(Comparator.comparing(Snapshot.KnownMember::name));
        return new Snapshot(memberClock.time(), queryClock.time(), alive, leaving);
    }

    public String name() {
        return self.name;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long packetBytesSent() {
        return packetBytesSent;
    }

    public long streamBytesSent() {
        return streamBytesSent;
    }

    /** Messages waiting to be piggybacked (tests and metrics). */
    public int pendingBroadcasts() {
        return broadcasts.size();
    }

    // ------------------------------------------------------------------ packet handling

    private void handlePacketMessage(Message m, String from, long now) {
        if (m instanceof Message.Ping p) {
            if (!p.target().isEmpty() && !p.target().equals(self.name)) {
                drop(DropReason.WRONG_TARGET, from, "target " + p.target());
                return;
            }
            String replyTo = HostPort.parse(p.sourceAddress()) != null ? p.sourceAddress() : from;
            sendPacket(replyTo, new Message.Ack(p.seq(), self.name), true);
        } else if (m instanceof Message.IndirectPing ip) {
            if (HostPort.parse(ip.targetAddress()) == null) {
                drop(DropReason.MALFORMED, from, "indirect target address");
                return;
            }
            String replyTo = HostPort.parse(ip.sourceAddress()) != null ? ip.sourceAddress() : from;
            int seq = nextSeq();
            relays.put(seq, new IndirectRelay(replyTo, ip.seq(), now + settings.probeTimeoutMillis(), ip.wantNack()));
            sendPacket(ip.targetAddress(), new Message.Ping(seq, ip.target(), self.name, self.address), false);
        } else if (m instanceof Message.Ack a) {
            onAck(a, now);
        } else if (m instanceof Message.Nack n) {
            if (probe != null && probe.seq == n.seq()) {
                probe.nacks++;
            }
        } else if (m instanceof Message.Suspect s) {
            onSuspect(s, now);
        } else if (m instanceof Message.Alive a) {
            onAlive(a, from, now);
        } else if (m instanceof Message.Dead d) {
            onDead(d, now);
        } else if (m instanceof Message.Intent i) {
            if (onIntent(i, now)) {
                broadcast(intentKey(i.node()), i);
            }
        } else if (m instanceof Message.Query q) {
            onQuery(q, now, false);
        } else if (m instanceof Message.QueryResponse r) {
            QueryEvent e = queries.onResponse(r, now);
            if (e != null) {
                queryEvents.add(e);
            }
        } else if (m instanceof Message.Relay relay) {
            onRelay(relay, from);
        } else {
            drop(DropReason.UNEXPECTED, from, m.type() + " over packet");
        }
    }

    private void onAck(Message.Ack a, long now) {
        if (probe != null && probe.seq == a.seq()) {
            awareness.apply(-1);
            probe = null;
            return;
        }
        IndirectRelay relay = relays.remove(a.seq());
        if (relay != null) {
            sendPacket(relay.replyTo(), new Message.Ack(relay.originalSeq(), a.fromNode()), false);
        }
        // otherwise a late ack for a finished round: harmless
    }

    private void onSuspect(Message.Suspect s, long now) {
        Member m = table.get(s.node());
        if (m == null || s.incarnation() < m.incarnation) {
            return;
        }
        if (m.suspicion != null) {
            if (m.suspicion.confirm(s.from())) {
                broadcast(memberKey(m.name), s);
            }
            return;
        }
        if (m.swim != SwimState.ALIVE) {
            return;
        }
        if (m == self) {
            refute(s.incarnation(), "suspicion from=" + s.from());
            return;
        }
        int n = reachable();
        long min = GossipMath.suspicionTimeoutMillis(settings.suspicionMult(), n, settings.probeIntervalMillis());
        long max = min * settings.suspicionMaxTimeoutMult();
        int k = GossipMath.expectedConfirmations(settings.suspicionMult(), n);
        m.incarnation = s.incarnation();
        setSwim(m, SwimState.SUSPECT, now);
        m.suspicion = new Suspicion(s.from(), s.incarnation(), now, k, min, max);
        suspected.add(m.name);
        broadcast(memberKey(m.name), s);
        log("gossip: member suspect node=" + m.name + " from=" + s.from() + " incarnation=" + s.incarnation());
    }

    private void onAlive(Message.Alive a, String from, long now) {
        Member m = table.get(a.node());
        if (m != null && m != self && a.incarnation() <= m.incarnation && a.address().equals(m.address)) {
            return; // the common case in a converged cluster: news we already have
        }
        if (HostPort.parse(a.address()) == null) {
            drop(DropReason.MALFORMED, from, "alive address " + a.address());
            return;
        }
        if (m == self) {
            if (a.incarnation() < self.incarnation || (a.incarnation() == self.incarnation
                    && a.address().equals(self.address) && a.tags().equals(self.tags))) {
                return; // our own claim echoing back
            }
            refute(a.incarnation(), "conflicting alive claim");
            return;
        }
        if (m == null) {
            m = new Member(a.node(), a.address(), a.tags(), a.versions(), a.incarnation(), now);
            Message.Intent recent = recentIntents.remove(a.node());
            if (recent != null) {
                m.statusLamportTime = recent.lamportTime();
                if (recent.kind() == Message.IntentKind.LEAVE) {
                    m.status = MemberStatus.LEAVING;
                }
            }
            table.add(m, random);
            reachableOthers++;
            broadcast(memberKey(m.name), a);
            events.add(new MemberEvent(MemberEvent.Type.JOIN, m.view(), m.statusLamportTime));
            log("gossip: member joined node=" + m.name + " address=" + m.address);
            return;
        }
        boolean addressChanged = !a.address().equals(m.address);
        boolean reclaimable = m.swim == SwimState.LEFT || (m.swim == SwimState.DEAD
                && settings.deadNodeReclaimMillis() > 0 && now - m.swimChangedAt >= settings.deadNodeReclaimMillis());
        if (addressChanged && !reclaimable) {
            drop(DropReason.ADDRESS_CONFLICT, from, "node " + a.node() + " is at " + m.address + ", claimed at "
                    + a.address());
            return;
        }
        if (a.incarnation() <= m.incarnation && !addressChanged) {
            return;
        }
        boolean wasDown = m.swim == SwimState.DEAD || m.swim == SwimState.LEFT;
        boolean changed = addressChanged || !a.tags().equals(m.tags);
        clearSuspicion(m);
        m.incarnation = a.incarnation();
        m.address = a.address();
        m.tags = a.tags();
        m.versions = a.versions();
        setSwim(m, SwimState.ALIVE, now);
        broadcast(memberKey(m.name), a);
        if (wasDown) {
            setStatus(m, MemberStatus.ALIVE, now);
            events.add(new MemberEvent(MemberEvent.Type.JOIN, m.view(), m.statusLamportTime));
            log("gossip: member rejoined node=" + m.name + " address=" + m.address + " incarnation="
                    + m.incarnation);
        } else if (changed) {
            events.add(new MemberEvent(MemberEvent.Type.UPDATE, m.view(), memberClock.time()));
            log("gossip: member updated node=" + m.name + " incarnation=" + m.incarnation);
        }
    }

    private void onDead(Message.Dead d, long now) {
        Member m = table.get(d.node());
        if (m == null || d.incarnation() < m.incarnation) {
            return;
        }
        if (m.swim == SwimState.DEAD || m.swim == SwimState.LEFT) {
            return;
        }
        if (m == self) {
            refute(d.incarnation(), "death claim from=" + d.from());
            return;
        }
        boolean graceful = d.from().equals(d.node());
        m.incarnation = d.incarnation();
        clearSuspicion(m);
        setSwim(m, graceful ? SwimState.LEFT : SwimState.DEAD, now);
        broadcast(memberKey(m.name), d);
        if (graceful || m.status == MemberStatus.LEAVING || m.status == MemberStatus.LEFT) {
            if (m.status != MemberStatus.LEFT) {
                setStatus(m, MemberStatus.LEFT, now);
                events.add(new MemberEvent(MemberEvent.Type.LEAVE, m.view(), m.statusLamportTime));
                log("gossip: member left node=" + m.name + " incarnation=" + m.incarnation);
            }
        } else {
            setStatus(m, MemberStatus.FAILED, now);
            events.add(new MemberEvent(MemberEvent.Type.FAILED, m.view(), m.statusLamportTime));
            log("gossip: member failed node=" + m.name + " incarnation=" + m.incarnation + " from=" + d.from());
        }
    }

    /** Applies a serf intent; returns true when it changed something and is worth re-gossiping. */
    private boolean onIntent(Message.Intent in, long now) {
        memberClock.witness(in.lamportTime());
        Member m = table.get(in.node());
        if (m == self) {
            if (in.kind() == Message.IntentKind.LEAVE && !leaving && in.lamportTime() >= self.statusLamportTime) {
                // someone force-left us while we are alive: out-vote the intent with a newer join
                self.statusLamportTime = memberClock.time();
                broadcast(intentKey(self.name), new Message.Intent(Message.IntentKind.JOIN,
                        self.statusLamportTime, self.name, false));
                log("gossip: refuting leave intent lamport=" + in.lamportTime());
            }
            return false;
        }
        if (m == null) {
            Message.Intent known = recentIntents.get(in.node());
            if (known != null && known.lamportTime() >= in.lamportTime()) {
                return false;
            }
            recentIntents.remove(in.node());
            recentIntents.put(in.node(), in);
            if (recentIntents.size() > RECENT_INTENTS_BOUND) {
                Iterator<String> it = recentIntents.keySet().iterator();
                it.next();
                it.remove();
            }
            return true;
        }
        if (in.lamportTime() <= m.statusLamportTime) {
            return false;
        }
        m.statusLamportTime = in.lamportTime();
        if (in.kind() == Message.IntentKind.JOIN) {
            if (m.status == MemberStatus.LEAVING) {
                setStatus(m, MemberStatus.ALIVE, now);
            }
            return true;
        }
        if (m.status == MemberStatus.ALIVE) {
            setStatus(m, MemberStatus.LEAVING, now);
        } else if (m.status == MemberStatus.FAILED) {
            setStatus(m, MemberStatus.LEFT, now);
            events.add(new MemberEvent(MemberEvent.Type.LEAVE, m.view(), m.statusLamportTime));
            log("gossip: member left node=" + m.name + " reason=leave intent lamport=" + in.lamportTime());
        }
        if (in.prune() && m.status == MemberStatus.LEFT) {
            erase(m, "pruned");
        }
        return true;
    }

    private void onQuery(Message.Query q, long now, boolean local) {
        queryClock.witness(q.lamportTime());
        if (!queries.firstSighting(q)) {
            return;
        }
        if (!local) {
            broadcast(null, q);
        }
        if (leaving) {
            return;
        }
        if (q.wantAck()) {
            Message.QueryResponse ack = new Message.QueryResponse(q.lamportTime(), q.id(), self.name, true,
                    new byte[0]);
            if (local) {
                QueryEvent e = queries.onResponse(ack, now);
                if (e != null) {
                    queryEvents.add(e);
                }
            } else if (HostPort.parse(q.fromAddress()) != null) {
                sendPacket(q.fromAddress(), ack, false);
            }
        }
        long deadline = now + q.timeoutMillis();
        long token = queries.remember(new Queries.Pending(q.fromNode(), q.fromAddress(), q.lamportTime(), q.id(),
                q.relayFactor(), deadline));
        queryEvents.add(new QueryEvent.Received(token, q.name(), q.payload(), q.fromNode(), q.lamportTime(),
                deadline));
    }

    private void merge(Message.PushPull pp, long now) {
        memberClock.witness(pp.memberLamportTime());
        queryClock.witness(pp.queryLamportTime());
        for (NodeState ns : pp.nodes()) {
            if (HostPort.parse(ns.address()) == null) {
                continue;
            }
            switch (ns.state()) {
                case ALIVE:
                    onAlive(new Message.Alive(ns.incarnation(), ns.name(), ns.address(), ns.tags(), ns.versions()),
                            ns.address(), now);
                    break;
                case LEFT:
                    onDead(new Message.Dead(ns.incarnation(), ns.name(), ns.name()), now);
                    break;
                default:
                    // someone else's "dead" is only a suspicion here: the member gets the chance to refute it
                    onSuspect(new Message.Suspect(ns.incarnation(), ns.name(), self.name), now);
                    break;
            }
        }
        for (NodeState ns : pp.nodes()) {
            if (ns.statusLamportTime() > 0) {
                onIntent(new Message.Intent(ns.leftIntent() ? Message.IntentKind.LEAVE : Message.IntentKind.JOIN,
                        ns.statusLamportTime(), ns.name(), false), now);
            }
        }
    }

    // ------------------------------------------------------------------ timers

    private void probeTick(long now) {
        if (leaving) {
            probe = null;
            return;
        }
        if (probe != null) {
            if (!probe.indirectSent && now >= probe.startedAt + probe.timeoutMillis) {
                sendIndirectProbes();
            }
            if (now < probe.startedAt + probe.intervalMillis) {
                return;
            }
            probeFailed(now);
        }
        if (now < nextProbeAt) {
            return;
        }
        long interval = awareness.scale(settings.probeIntervalMillis());
        nextProbeAt = now + interval;
        Member target = table.nextProbeTarget(m -> m != self && m.reachable(), random);
        if (target == null) {
            return;
        }
        int seq = nextSeq();
        probe = new ProbeRound(target.name, target.address, seq, now, awareness.scale(settings.probeTimeoutMillis()),
                interval);
        sendPacket(target.address, new Message.Ping(seq, target.name, self.name, self.address), true);
    }

    private void sendIndirectProbes() {
        ProbeRound p = probe;
        p.indirectSent = true;
        List<Member> helpers = table.randomMembers(settings.indirectChecks(),
                m -> m != self && m.swim == SwimState.ALIVE && !m.name.equals(p.target), random);
        for (Member h : helpers) {
            sendPacket(h.address, new Message.IndirectPing(p.seq, p.target, p.targetAddress, true, self.name,
                    self.address), false);
        }
        p.expectedNacks = helpers.size();
        // a TCP ping catches targets whose UDP is blocked one way; only the probe's own seq is accepted back
        stream(p.targetAddress, new Message.Ping(p.seq, p.target, self.name, self.address),
                StreamPurpose.FALLBACK_PING);
    }

    private void probeFailed(long now) {
        ProbeRound p = probe;
        probe = null;
        // missing nacks mean our own links are bad; with no helpers any failure counts against us (Lifeguard)
        int delta = p.expectedNacks > 0 ? Math.max(0, p.expectedNacks - p.nacks) : 1;
        awareness.apply(delta);
        Member t = table.get(p.target);
        // a target already under suspicion still gets our accusation: it is an independent confirmation
        if (t != null && t.reachable()) {
            if (t.swim == SwimState.ALIVE) {
                log("gossip: probe failed node=" + t.name + " nacks=" + p.nacks + "/" + p.expectedNacks);
            }
            onSuspect(new Message.Suspect(t.incarnation, t.name, self.name), now);
        }
    }

    private void relayTick(long now) {
        if (relays.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<Integer, IndirectRelay>> it = relays.entrySet().iterator();
        while (it.hasNext()) {
            IndirectRelay r = it.next().getValue();
            if (now >= r.deadline()) {
                it.remove();
                if (r.wantNack()) {
                    sendPacket(r.replyTo(), new Message.Nack(r.originalSeq()), false);
                }
            }
        }
    }

    private void suspicionTick(long now) {
        if (suspected.isEmpty()) {
            return;
        }
        List<Member> expired = new ArrayList<>();
        for (String name : suspected) {
            Member m = table.get(name);
            if (m == null || m.suspicion == null) {
                throw new AssertionError("suspected set out of sync for " + name);
            }
            if (m.suspicion.expired(now)) {
                expired.add(m);
            }
        }
        for (Member m : expired) {
            onDead(new Message.Dead(m.incarnation, m.name, self.name), now);
        }
    }

    private void gossipTick(long now) {
        if (now < nextGossipAt) {
            return;
        }
        nextGossipAt = Math.max(nextGossipAt + settings.gossipIntervalMillis(), now + 1);
        if (broadcasts.size() == 0) {
            return;
        }
        List<Member> targets = table.randomMembers(settings.gossipNodes(), m -> m != self && (m.reachable()
                || (m.swim == SwimState.DEAD && now - m.swimChangedAt < settings.gossipToTheDeadMillis())), random);
        int budget = settings.udpBufferBytes() - WireCodec.headerBytes(label) - WireCodec.COMPOUND_OVERHEAD;
        for (Member t : targets) {
            List<byte[]> parts = broadcasts.take(budget, WireCodec.COMPOUND_PART_OVERHEAD,
                    WireCodec.MAX_COMPOUND_PARTS, transmitLimit());
            if (parts.isEmpty()) {
                return;
            }
            emitPacket(t.address, WireCodec.frameCompound(label, parts));
        }
    }

    private void pushPullTick(long now) {
        if (now < nextPushPullAt) {
            return;
        }
        nextPushPullAt = now + GossipMath.pushPullIntervalMillis(settings.pushPullIntervalMillis(), reachable());
        if (leaving) {
            return;
        }
        List<Member> peer = table.randomMembers(1, m -> m != self && m.swim == SwimState.ALIVE, random);
        if (!peer.isEmpty()) {
            stream(peer.get(0).address, localPushPull(false), StreamPurpose.PUSH_PULL);
        }
    }

    private void reapTick(long now) {
        if (now < nextReapAt) {
            return;
        }
        nextReapAt = now + settings.reapIntervalMillis();
        assert reachableOthers == table.count(m -> m != self && m.reachable()) : "reachable count drifted";
        List<Member> reap = new ArrayList<>();
        for (Member m : table.all()) {
            if (m == self) {
                continue;
            }
            long since = now - m.statusChangedAt;
            if ((m.status == MemberStatus.FAILED && since > settings.reconnectTimeoutMillis())
                    || (m.status == MemberStatus.LEFT && since > settings.tombstoneTimeoutMillis())) {
                reap.add(m);
            }
        }
        reap.sort(Comparator.comparing(m -> m.name));
        for (Member m : reap) {
            erase(m, m.status == MemberStatus.FAILED ? "reconnect timeout" : "tombstone timeout");
        }
    }

    private void reconnectTick(long now) {
        if (now < nextReconnectAt) {
            return;
        }
        nextReconnectAt = now + settings.reconnectIntervalMillis();
        if (leaving) {
            return;
        }
        int failed = table.count(m -> m.status == MemberStatus.FAILED);
        int alive = table.count(m -> m.status == MemberStatus.ALIVE);
        // serf's damping: with few failed members among many alive ones, try less often
        if (failed == 0 || random.nextDouble() > (double) failed / Math.max(1, alive)) {
            return;
        }
        List<Member> pick = table.randomMembers(1, m -> m.status == MemberStatus.FAILED, random);
        if (!pick.isEmpty()) {
            stream(pick.get(0).address, localPushPull(false), StreamPurpose.RECONNECT);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void refute(long accusedIncarnation, String why) {
        if (leaving) {
            return;
        }
        self.incarnation = Math.max(self.incarnation, accusedIncarnation) + 1;
        broadcast(memberKey(self.name), selfAlive());
        // having to defend ourselves hints that we are the slow one (Lifeguard)
        awareness.apply(1);
        log("gossip: refuting " + why + " incarnation=" + self.incarnation);
    }

    private void erase(Member m, String why) {
        clearSuspicion(m);
        table.remove(m.name);
        if (m.reachable()) {
            reachableOthers--;
        }
        events.add(new MemberEvent(MemberEvent.Type.REAP, m.view(), m.statusLamportTime));
        log("gossip: member reaped node=" + m.name + " status=" + m.status.consulName() + " reason=" + why);
    }

    private void clearSuspicion(Member m) {
        if (m.suspicion != null) {
            m.suspicion = null;
            suspected.remove(m.name);
        }
    }

    private void setSwim(Member m, SwimState state, long now) {
        if (m.swim == SwimState.LEFT && state == SwimState.DEAD) {
            throw new AssertionError("left member " + m.name + " cannot become dead");
        }
        if (m.swim != state) {
            boolean wasReachable = m.reachable();
            m.swim = state;
            m.swimChangedAt = now;
            if (m != self && wasReachable != m.reachable()) {
                reachableOthers += wasReachable ? -1 : 1;
            }
        }
    }

    private void setStatus(Member m, MemberStatus status, long now) {
        if (m.status == MemberStatus.LEFT && status == MemberStatus.FAILED) {
            throw new AssertionError("left member " + m.name + " cannot fail");
        }
        if (m.status != status) {
            m.status = status;
            m.statusChangedAt = now;
        }
    }

    /** Members the failure detector believes up, ourselves included: the n in every log(n) formula. */
    private int reachable() {
        return reachableOthers + 1;
    }

    private int transmitLimit() {
        return GossipMath.retransmitLimit(settings.retransmitMult(), reachable());
    }

    private Message.Alive selfAlive() {
        return new Message.Alive(self.incarnation, self.name, self.address, self.tags, self.versions);
    }

    private Message.PushPull localPushPull(boolean join) {
        List<NodeState> nodes = new ArrayList<>(table.size());
        for (Member m : table.all()) {
            boolean leftIntent = m.status == MemberStatus.LEAVING || m.status == MemberStatus.LEFT;
            nodes.add(new NodeState(m.name, m.address, m.tags, m.incarnation, m.swim, m.statusLamportTime,
                    leftIntent, m.versions));
        }
        return new Message.PushPull(join, nodes, memberClock.time(), queryClock.time());
    }

    private static String memberKey(String node) {
        return "m:" + node;
    }

    private static String intentKey(String node) {
        return "i:" + node;
    }

    private long broadcast(String key, Message m) {
        return broadcasts.add(key, WireCodec.encodeMessage(m));
    }

    private int nextSeq() {
        return ++nextSeq;
    }

    /** Sends {@code m}, filling the rest of the datagram with queued broadcasts when {@code piggyback}. */
    private void sendPacket(String to, Message m, boolean piggyback) {
        byte[] encoded = WireCodec.encodeMessage(m);
        if (!piggyback || broadcasts.size() == 0) {
            emitPacket(to, WireCodec.frame(label, encoded));
            return;
        }
        int budget = settings.udpBufferBytes() - WireCodec.headerBytes(label) - WireCodec.COMPOUND_OVERHEAD
                - encoded.length - WireCodec.COMPOUND_PART_OVERHEAD;
        List<byte[]> parts = new ArrayList<>();
        parts.add(encoded);
        parts.addAll(broadcasts.take(budget, WireCodec.COMPOUND_PART_OVERHEAD, WireCodec.MAX_COMPOUND_PARTS - 1,
                transmitLimit()));
        emitPacket(to, WireCodec.frameCompound(label, parts));
    }

    private void emitPacket(String to, byte[] frame) {
        packetsSent++;
        packetBytesSent += frame.length;
        outbound.add(new Outbound.Packet(to, frame));
    }

    private void stream(String to, Message m, StreamPurpose purpose) {
        byte[] frame = WireCodec.encode(label, m);
        streamBytesSent += frame.length;
        outbound.add(new Outbound.StreamRequest(to, frame, purpose));
    }

    private void drop(DropReason reason, String from, String detail) {
        drops.merge(reason, 1L, Long::sum);
        log("gossip: dropped packet from=" + from + " reason=" + reason.text() + " detail=" + detail);
    }

    private void log(String line) {
        if (log.size() >= LOG_BOUND) {
            logOverflow++;
            return;
        }
        log.add(line);
    }

    /** Time never runs backwards inside the core, even if the driver's clock does. */
    private void observe(long now) {
        if (now > lastNow) {
            lastNow = now;
        }
    }
}
