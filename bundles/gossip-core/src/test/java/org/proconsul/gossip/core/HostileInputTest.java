package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.proconsul.gossip.core.wire.DropReason;

/**
 * Garbage, truncated, oversized and replayed bytes thrown at a live core through every input: nothing may throw
 * and the member list must stay as it was (replays included: old claims lose to current incarnations).
 */
class HostileInputTest {

    private static String fingerprint(GossipCore c) {
        return c.members().stream().map(m -> m.name() + "/" + m.status()).collect(Collectors.joining(","));
    }

    @Test
    void garbageTruncatedOversizedAndReplayedBytesNeverThrowNorCorrupt() {
        for (long seed = 1; seed <= 3; seed++) {
            SimCluster c = new SimCluster(seed, GossipSettings.lan(), "dc1");
            c.captured = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                c.add("n" + i, Map.of("role", "node"));
            }
            c.joinAllTo("n0");
            assertTrue(c.runUntil(() -> c.converged(4), 10_000) >= 0);
            c.run(5_000);
            List<byte[]> recorded = new ArrayList<>(c.captured);
            c.captured = null;
            GossipCore target = c.node("n0");
            String before = fingerprint(target);
            SplittableRandom r = new SplittableRandom(seed);
            String from = "10.66.0.1:8301";
            for (int i = 0; i < 20_000; i++) {
                byte[] b;
                switch (r.nextInt(4)) {
                    case 0: // random garbage
                        b = new byte[r.nextInt(200)];
                        r.nextBytes(b);
                        break;
                    case 1: // truncated real packet
                        byte[] real = recorded.get(r.nextInt(recorded.size()));
                        b = Arrays.copyOf(real, r.nextInt(real.length));
                        break;
                    case 2: // oversized
                        b = new byte[70_000 + r.nextInt(1000)];
                        break;
                    default: // exact replay of old traffic
                        b = recorded.get(r.nextInt(recorded.size()));
                        break;
                }
                switch (r.nextInt(3)) {
                    case 0:
                        target.receivePacket(from, b, c.now);
                        break;
                    case 1:
                        target.receiveStream(from, b, c.now);
                        break;
                    default:
                        target.receiveStreamReply(from, b, c.now);
                        break;
                }
                if (i % 1000 == 0) {
                    c.collect(c.addressOf.get("n0"), target);
                    c.step();
                }
            }
            c.collect(c.addressOf.get("n0"), target);
            c.run(20_000);
            assertEquals(before, fingerprint(target), "seed " + seed);
            assertTrue(c.converged(4), "seed " + seed + " cluster disturbed: " + target.members());
            Map<DropReason, Long> drops = target.droppedPackets();
            assertTrue(drops.getOrDefault(DropReason.OVERSIZED, 0L) > 0, drops.toString());
            assertTrue(drops.getOrDefault(DropReason.TRUNCATED, 0L) > 0, drops.toString());
            assertTrue(c.events.get("n0").stream().noneMatch(e -> e.type() == MemberEvent.Type.FAILED));
        }
    }

    @Test
    void logIsBoundedUnderFlood() {
        GossipCore core = new GossipCore(GossipSettings.lan(), new LocalNode("a", "10.0.0.1:8301", Map.of()), "",
                new SplittableRandom(1), 0);
        for (int i = 0; i < 30_000; i++) {
            core.receivePacket("10.0.0.9:1", new byte[] {9}, i);
        }
        List<String> log = core.drainLog();
        assertEquals(10_001, log.size());
        assertTrue(log.get(10_000).startsWith("gossip: log overflow dropped=20000"));
        assertEquals(30_000L, core.droppedPackets().get(DropReason.BAD_VERSION));
    }
}
