package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit tests of the small mechanisms: awareness, suspicion, Lamport clock, broadcast queue, settings. */
class MechanismTest {

    @Test
    void awarenessIsClampedAndScalesTimers() {
        Awareness a = new Awareness(8);
        assertFalse(a.apply(-1), "already healthy");
        assertTrue(a.apply(3));
        assertEquals(2000, a.scale(500));
        a.apply(100);
        assertEquals(7, a.score());
        a.apply(-100);
        assertEquals(0, a.score());
        assertThrows(IllegalArgumentException.class, () -> new Awareness(0));
    }

    @Test
    void suspicionShrinksWithIndependentConfirmationsOnly() {
        Suspicion s = new Suspicion("a", 3, 1_000, 2, 4_000, 24_000);
        assertEquals(25_000, s.deadline());
        assertFalse(s.confirm("a"), "the first accuser does not confirm itself");
        assertTrue(s.confirm("b"));
        assertFalse(s.confirm("b"), "one vote per accuser");
        long afterOne = s.deadline();
        assertTrue(afterOne < 25_000 && afterOne > 5_000, "deadline " + afterOne);
        assertTrue(s.confirm("c"));
        assertEquals(5_000, s.deadline(), "k confirmations bring it to the minimum");
        assertFalse(s.confirm("d"), "no more than k");
        assertFalse(s.expired(4_999));
        assertTrue(s.expired(5_000));
        Suspicion lonely = new Suspicion("a", 1, 0, 0, 4_000, 24_000);
        assertEquals(4_000, lonely.deadline(), "with nobody to confirm the minimum applies");
    }

    @Test
    void lamportClockWitnessesAndIncrements() {
        LamportClock c = new LamportClock(0);
        assertEquals(1, c.increment());
        c.witness(10);
        assertEquals(11, c.time());
        c.witness(3);
        assertEquals(11, c.time());
        assertEquals(12, c.increment());
        assertThrows(IllegalArgumentException.class, () -> new LamportClock(-1));
    }

    @Test
    void broadcastQueueRetiresAfterLimitAndInvalidatesBySubject() {
        BroadcastQueue q = new BroadcastQueue(100);
        long a = q.add("m:x", new byte[20]);
        long b = q.add("m:y", new byte[20]);
        long a2 = q.add("m:x", new byte[21]);
        assertFalse(q.pending(a), "newer claim about x replaced the old one");
        assertTrue(q.pending(a2) && q.pending(b));
        assertEquals(2, q.take(1000, 2, 255, 2).size());
        assertEquals(2, q.take(1000, 2, 255, 2).size());
        assertEquals(0, q.size());
        assertFalse(q.pending(b));
    }

    @Test
    void broadcastQueueSendsLeastSentAndNewestFirstWithinBudget() {
        BroadcastQueue q = new BroadcastQueue(100);
        q.add(null, new byte[] {1});
        q.add(null, new byte[] {2});
        List<byte[]> first = q.take(1000, 2, 1, 10);
        assertEquals(2, first.get(0)[0], "newest first");
        assertEquals(1, q.take(1000, 2, 1, 10).get(0)[0], "then the least sent");
        BroadcastQueue big = new BroadcastQueue(100);
        big.add(null, new byte[100]);
        assertEquals(0, big.take(50, 2, 255, 10).size(), "too big for the budget");
    }

    @Test
    void replacedMessagesDoNotAccumulate() {
        BroadcastQueue q = new BroadcastQueue(10_000);
        for (int i = 0; i < 100_000; i++) {
            q.add("m:" + (i % 50), new byte[30]);
            q.take(100, 2, 2, 100);
        }
        assertEquals(50, q.size());
        assertTrue(q.entries() < 2 * 50 + 1100, "entries " + q.entries());
    }

    @Test
    void broadcastQueueIsBounded() {
        BroadcastQueue q = new BroadcastQueue(3);
        for (int i = 0; i < 10; i++) {
            q.add(null, new byte[10]);
        }
        assertEquals(3, q.size());
        assertEquals(7, q.droppedForDepth());
    }

    @Test
    void settingsProfilesCarryMemberlistDefaultsAndValidate() {
        GossipSettings lan = GossipSettings.lan();
        assertEquals(List.of(), lan.validate());
        assertEquals(List.of(), GossipSettings.wan().validate());
        assertEquals(List.of(), GossipSettings.local().validate());
        assertEquals(1000, lan.probeIntervalMillis());
        assertEquals(500, lan.probeTimeoutMillis());
        assertEquals(200, lan.gossipIntervalMillis());
        assertEquals(3, lan.gossipNodes());
        assertEquals(3, lan.indirectChecks());
        assertEquals(4, lan.retransmitMult());
        assertEquals(4, lan.suspicionMult());
        assertEquals(6, lan.suspicionMaxTimeoutMult());
        assertEquals(8, lan.awarenessMaxMultiplier());
        assertEquals(30_000, lan.pushPullIntervalMillis());
        assertEquals(72 * 3_600_000L, lan.reconnectTimeoutMillis());
        assertEquals(24 * 3_600_000L, lan.tombstoneTimeoutMillis());
        GossipSettings wan = GossipSettings.wan();
        assertEquals(5000, wan.probeIntervalMillis());
        assertEquals(3000, wan.probeTimeoutMillis());
        assertEquals(6, wan.suspicionMult());
        assertEquals(60_000, wan.pushPullIntervalMillis());
        GossipSettings bad = new GossipSettings(1000, 1000, 0, 3, 30_000, -1, 4, 4, 6, 8, 30_000, 10_000, 100,
                30_000, 1, 1, 1, 16, 10, 0);
        List<String> problems = bad.validate();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("probeTimeoutMillis (1000) must be below")));
    }

    @Test
    void hostPortParsing() {
        assertEquals(new HostPort("10.0.0.1", 8301), HostPort.parse("10.0.0.1:8301"));
        assertEquals(new HostPort("::1", 8301), HostPort.parse("[::1]:8301"));
        assertEquals(null, HostPort.parse("10.0.0.1"));
        assertEquals(null, HostPort.parse("10.0.0.1:0"));
        assertEquals(null, HostPort.parse("10.0.0.1:99999"));
        assertEquals(null, HostPort.parse(":80"));
        assertEquals(null, HostPort.parse("h:8x"));
    }
}
