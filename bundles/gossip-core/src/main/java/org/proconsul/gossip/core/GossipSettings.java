package org.proconsul.gossip.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Tuning of the failure detector and the serf layer. Durations are milliseconds. The three profiles carry
 * memberlist's LAN, WAN and local defaults and serf's reaping defaults, which are Consul's defaults too.
 *
 * @param probeIntervalMillis time between failure probes; each round probes one member, so detection of a
 *     single failure starts within about one interval of it
 * @param probeTimeoutMillis how long to wait for a direct ack before asking others to probe; should sit near
 *     the 99th percentile round trip of the network
 * @param gossipIntervalMillis time between gossip rounds; shorter spreads news faster at more packets per second
 * @param gossipNodes members each gossip round sends to (fan-out)
 * @param gossipToTheDeadMillis how long dead members still receive gossip, so a falsely killed member learns
 *     of its death and refutes it
 * @param indirectChecks members asked to probe a target that missed its direct ack
 * @param retransmitMult each broadcast is sent {@code mult * ceil(log10(n+1))} times
 * @param suspicionMult minimum suspicion timeout is {@code mult * max(1, log10(n)) * probeInterval}
 * @param suspicionMaxTimeoutMult upper bound of the suspicion timeout as a multiple of the minimum: a lone
 *     suspicion waits this long, independent confirmations shrink it towards the minimum (Lifeguard)
 * @param awarenessMaxMultiplier bound of the local health multiplier stretching probe timers when this node
 *     itself is slow (Lifeguard)
 * @param pushPullIntervalMillis time between full state syncs with one random member; grows with the log of the
 *     cluster size beyond 32 members
 * @param streamTimeoutMillis how long the driver lets a TCP push/pull or fallback ping take
 * @param udpBufferBytes largest datagram we build; 1400 stays below common path MTUs
 * @param reconnectIntervalMillis how often serf tries to reach one failed member again
 * @param reconnectTimeoutMillis failed members are reaped (treated as gone) after this long; Consul's 72 h
 * @param tombstoneTimeoutMillis left members are kept (listed as left) this long so late gossip cannot revive them
 * @param reapIntervalMillis how often the reaper scans the member list
 * @param queryTimeoutMult default query timeout is {@code gossipInterval * mult * ceil(log10(n+1))}
 * @param maxBroadcastQueue broadcasts beyond this depth are dropped oldest first (serf's MaxQueueDepth), so a
 *     burst cannot grow memory without bound
 * @param deadNodeReclaimMillis after a member has been dead this long, its name may come back from another
 *     address (a restarted node with a new IP); 0 keeps memberlist's default of never. Consul's agent sets 30 s.
 */
public record GossipSettings(long probeIntervalMillis, long probeTimeoutMillis, long gossipIntervalMillis,
        int gossipNodes, long gossipToTheDeadMillis, int indirectChecks, int retransmitMult, int suspicionMult,
        int suspicionMaxTimeoutMult, int awarenessMaxMultiplier, long pushPullIntervalMillis,
        long streamTimeoutMillis, int udpBufferBytes, long reconnectIntervalMillis, long reconnectTimeoutMillis,
        long tombstoneTimeoutMillis, long reapIntervalMillis, int queryTimeoutMult, int maxBroadcastQueue,
        long deadNodeReclaimMillis) {

    private static final long HOUR = 3_600_000L;

    /** memberlist's DefaultLANConfig: tuned for a single datacenter with sub-millisecond round trips. */
    public static GossipSettings lan() {
        return new GossipSettings(
                1_000, // probe interval: one member per second
                500, // probe timeout: generous next to LAN round trips
                200, // gossip interval
                3, // gossip fan-out
                30_000, // gossip to the dead for 30 s
                3, // indirect probers
                4, // retransmit multiplier
                4, // suspicion multiplier
                6, // suspicion max = 6 x min
                8, // awareness multiplier bound
                30_000, // push/pull every 30 s (scaled above 32 members)
                10_000, // stream timeout
                1_400, // datagram budget
                30_000, // serf reconnect interval
                72 * HOUR, // serf reconnect timeout (Consul's reconnect_timeout)
                24 * HOUR, // serf tombstone timeout
                15_000, // serf reap interval
                16, // serf query timeout multiplier
                4_096, // serf max queue depth
                0); // memberlist never lets a dead name move to another address by default
    }

    /** memberlist's DefaultWANConfig: long round trips and lossy links, so slower, more patient timers. */
    public static GossipSettings wan() {
        GossipSettings l = lan();
        return new GossipSettings(5_000, 3_000, 500, 4, 60_000, l.indirectChecks, l.retransmitMult, 6,
                l.suspicionMaxTimeoutMult, l.awarenessMaxMultiplier, 60_000, 30_000, l.udpBufferBytes,
                l.reconnectIntervalMillis, l.reconnectTimeoutMillis, l.tombstoneTimeoutMillis,
                l.reapIntervalMillis, l.queryTimeoutMult, l.maxBroadcastQueue, l.deadNodeReclaimMillis);
    }

    /** memberlist's DefaultLocalConfig: loopback or one host, so faster timers and fewer retransmits. */
    public static GossipSettings local() {
        GossipSettings l = lan();
        return new GossipSettings(1_000, 200, 100, l.gossipNodes, 15_000, 1, 2, 3, l.suspicionMaxTimeoutMult,
                l.awarenessMaxMultiplier, 15_000, 1_000, l.udpBufferBytes, l.reconnectIntervalMillis,
                l.reconnectTimeoutMillis, l.tombstoneTimeoutMillis, l.reapIntervalMillis, l.queryTimeoutMult,
                l.maxBroadcastQueue, l.deadNodeReclaimMillis);
    }

    /** Same settings with other reaping timeouts (tests and the agent's reconnect_timeout option). */
    public GossipSettings withReaping(long reconnectTimeout, long tombstoneTimeout, long reapInterval) {
        return new GossipSettings(probeIntervalMillis, probeTimeoutMillis, gossipIntervalMillis, gossipNodes,
                gossipToTheDeadMillis, indirectChecks, retransmitMult, suspicionMult, suspicionMaxTimeoutMult,
                awarenessMaxMultiplier, pushPullIntervalMillis, streamTimeoutMillis, udpBufferBytes,
                reconnectIntervalMillis, reconnectTimeout, tombstoneTimeout, reapInterval, queryTimeoutMult,
                maxBroadcastQueue, deadNodeReclaimMillis);
    }

    /** Same settings letting a name dead for {@code millis} return from a new address (Consul uses 30 s). */
    public GossipSettings withDeadNodeReclaim(long millis) {
        return new GossipSettings(probeIntervalMillis, probeTimeoutMillis, gossipIntervalMillis, gossipNodes,
                gossipToTheDeadMillis, indirectChecks, retransmitMult, suspicionMult, suspicionMaxTimeoutMult,
                awarenessMaxMultiplier, pushPullIntervalMillis, streamTimeoutMillis, udpBufferBytes,
                reconnectIntervalMillis, reconnectTimeoutMillis, tombstoneTimeoutMillis, reapIntervalMillis,
                queryTimeoutMult, maxBroadcastQueue, millis);
    }

    /** Every contradiction or out-of-range value, each naming the field; empty when the settings are usable. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        positive(problems, "probeIntervalMillis", probeIntervalMillis);
        positive(problems, "probeTimeoutMillis", probeTimeoutMillis);
        positive(problems, "gossipIntervalMillis", gossipIntervalMillis);
        positive(problems, "gossipNodes", gossipNodes);
        positive(problems, "retransmitMult", retransmitMult);
        positive(problems, "suspicionMult", suspicionMult);
        positive(problems, "awarenessMaxMultiplier", awarenessMaxMultiplier);
        positive(problems, "pushPullIntervalMillis", pushPullIntervalMillis);
        positive(problems, "streamTimeoutMillis", streamTimeoutMillis);
        positive(problems, "reconnectIntervalMillis", reconnectIntervalMillis);
        positive(problems, "reconnectTimeoutMillis", reconnectTimeoutMillis);
        positive(problems, "tombstoneTimeoutMillis", tombstoneTimeoutMillis);
        positive(problems, "reapIntervalMillis", reapIntervalMillis);
        positive(problems, "queryTimeoutMult", queryTimeoutMult);
        positive(problems, "maxBroadcastQueue", maxBroadcastQueue);
        if (gossipToTheDeadMillis < 0) {
            problems.add("gossipToTheDeadMillis must be >= 0, got " + gossipToTheDeadMillis);
        }
        if (deadNodeReclaimMillis < 0) {
            problems.add("deadNodeReclaimMillis must be >= 0, got " + deadNodeReclaimMillis);
        }
        if (indirectChecks < 0) {
            problems.add("indirectChecks must be >= 0, got " + indirectChecks);
        }
        if (suspicionMaxTimeoutMult < 1) {
            problems.add("suspicionMaxTimeoutMult must be >= 1, got " + suspicionMaxTimeoutMult);
        }
        if (probeTimeoutMillis >= probeIntervalMillis) {
            problems.add("probeTimeoutMillis (" + probeTimeoutMillis + ") must be below probeIntervalMillis ("
                    + probeIntervalMillis + "): indirect probes need the rest of the interval");
        }
        if (udpBufferBytes < 512 || udpBufferBytes > 65_507) {
            problems.add("udpBufferBytes must be within 512..65507, got " + udpBufferBytes);
        }
        return problems;
    }

    private static void positive(List<String> problems, String field, long value) {
        if (value <= 0) {
            problems.add(field + " must be > 0, got " + value);
        }
    }
}
