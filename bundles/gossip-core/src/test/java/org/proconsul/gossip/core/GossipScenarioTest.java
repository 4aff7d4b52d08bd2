package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.proconsul.gossip.core.wire.DropReason;
import org.proconsul.gossip.core.wire.Message;
import org.proconsul.gossip.core.wire.WireCodec;

/** Small clusters on the virtual network, one behaviour each. */
class GossipScenarioTest {

    private static final String LABEL = "dc1";

    private SimCluster cluster(int n, long seed, GossipSettings settings) {
        SimCluster c = new SimCluster(seed, settings, LABEL);
        for (int i = 0; i < n; i++) {
            c.add("n" + i, Map.of("role", "node", "dc", "dc1", "id", "id-" + i));
        }
        c.joinAllTo("n0");
        long t = c.runUntil(() -> c.converged(n), 10_000);
        assertTrue(t >= 0, "seed " + seed + ": cluster of " + n + " did not converge: " + c.node("n0").members());
        return c;
    }

    private SimCluster cluster(int n, long seed) {
        return cluster(n, seed, GossipSettings.lan());
    }

    private static long count(SimCluster c, String node, MemberEvent.Type type, String about) {
        return c.events.get(node).stream().filter(e -> e.type() == type && e.member().name().equals(about)).count();
    }

    @Test
    void joinConvergesAndEmitsJoinEvents() {
        SimCluster c = cluster(5, 1);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (i != j) {
                    assertEquals(1, count(c, "n" + i, MemberEvent.Type.JOIN, "n" + j), "n" + i + " join of n" + j);
                }
            }
        }
        MemberView v = c.node("n1").member("n3");
        assertEquals("node", v.tags().get("role"));
        assertEquals(8301, v.port());
        assertEquals(2, v.protocolCur());
        assertEquals(4, v.delegateCur());
        assertTrue(c.logs.get("n1").stream().anyMatch(l -> l.startsWith("gossip: joined via address=")));
    }

    @Test
    void killedNodeIsMarkedFailedEverywhere() {
        SimCluster c = cluster(5, 2);
        c.kill("n4");
        long t = c.runUntil(() -> c.allSee("n4", MemberStatus.FAILED), 60_000);
        assertTrue(t >= 0, "n4 not failed everywhere: " + c.node("n0").members());
        for (int i = 0; i < 4; i++) {
            assertEquals(1, count(c, "n" + i, MemberEvent.Type.FAILED, "n4"));
        }
        assertTrue(c.logs.values().stream().flatMap(List::stream)
                .anyMatch(l -> l.startsWith("gossip: member failed node=n4 incarnation=")));
        assertTrue(c.allSee("n1", MemberStatus.ALIVE));
    }

    @Test
    void falseSuspicionIsRefutedByIncarnation() {
        SimCluster c = cluster(5, 3);
        long before = c.node("n0").member("n1").incarnation();
        byte[] suspect = WireCodec.encode(LABEL, new Message.Suspect(before, "n1", "n2"));
        c.inject(c.addressOf.get("n2"), c.addressOf.get("n0"), suspect);
        c.run(50);
        assertEquals(MemberStatus.ALIVE, c.node("n0").member("n1").status(), "suspect is still alive for serf");
        long t = c.runUntil(() -> c.live().stream().allMatch(n -> n.member("n1").incarnation() > before), 20_000);
        assertTrue(t >= 0, "refutation did not spread");
        c.run(60_000);
        assertTrue(c.allSee("n1", MemberStatus.ALIVE));
        for (int i = 0; i < 5; i++) {
            assertEquals(0, count(c, "n" + i, MemberEvent.Type.FAILED, "n1"));
        }
        assertTrue(c.logs.get("n1").stream().anyMatch(l -> l.startsWith("gossip: refuting suspicion")));
        assertTrue(c.node("n1").healthScore() >= 0);
    }

    @Test
    void gracefulLeaveIsSeenAsLeftNotFailed() {
        SimCluster c = cluster(5, 4);
        GossipCore n3 = c.node("n3");
        n3.leave(c.now);
        assertEquals(MemberStatus.LEAVING, n3.member("n3").status());
        long t = c.runUntil(n3::leaveComplete, 10_000);
        assertTrue(t >= 0, "leave never completed");
        assertEquals(MemberStatus.LEFT, n3.member("n3").status());
        c.kill("n3"); // the driver closes its sockets after leaveComplete
        assertTrue(c.runUntil(() -> c.allSee("n3", MemberStatus.LEFT), 10_000) >= 0);
        c.run(60_000);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, count(c, "n" + i, MemberEvent.Type.LEAVE, "n3"));
            assertEquals(0, count(c, "n" + i, MemberEvent.Type.FAILED, "n3"));
        }
        assertTrue(c.node("n0").snapshot().aliveMembers().stream().noneMatch(m -> m.name().equals("n3")));
        assertTrue(n3.snapshot().leftCleanly());
    }

    @Test
    void forceLeaveMovesFailedMemberToLeft() {
        SimCluster c = cluster(5, 5);
        c.kill("n4");
        assertTrue(c.runUntil(() -> c.allSee("n4", MemberStatus.FAILED), 60_000) >= 0);
        assertEquals(ForceLeaveResult.DONE, c.node("n0").forceLeave("n4", false, c.now));
        assertEquals(MemberStatus.LEFT, c.node("n0").member("n4").status());
        assertTrue(c.runUntil(() -> c.allSee("n4", MemberStatus.LEFT), 10_000) >= 0);
        assertEquals(ForceLeaveResult.UNKNOWN_NODE, c.node("n0").forceLeave("nobody", false, c.now));
    }

    @Test
    void forceLeaveWithPruneErasesTheMember() {
        SimCluster c = cluster(5, 6);
        c.kill("n4");
        assertTrue(c.runUntil(() -> c.allSee("n4", MemberStatus.FAILED), 60_000) >= 0);
        assertEquals(ForceLeaveResult.DONE, c.node("n1").forceLeave("n4", true, c.now));
        assertEquals(null, c.node("n1").member("n4"));
        assertTrue(c.runUntil(() -> c.allSee("n4", null), 10_000) >= 0, "prune did not spread");
        c.run(40_000); // push/pull from peers must not bring it back
        assertTrue(c.allSee("n4", null));
        assertEquals(1, count(c, "n2", MemberEvent.Type.REAP, "n4"));
    }

    @Test
    void aliveMemberRefutesForceLeave() {
        SimCluster c = cluster(5, 7);
        assertEquals(ForceLeaveResult.NOT_FAILED, c.node("n0").forceLeave("n2", false, c.now));
        c.run(100);
        assertTrue(c.runUntil(() -> c.allSee("n2", MemberStatus.ALIVE), 10_000) >= 0, "refutation did not win");
        c.run(30_000);
        assertTrue(c.allSee("n2", MemberStatus.ALIVE));
        assertTrue(c.logs.get("n2").stream().anyMatch(l -> l.startsWith("gossip: refuting leave intent")));
    }

    @Test
    void failedMemberIsReapedAfterReconnectTimeoutAndLeftAfterTombstone() {
        GossipSettings s = GossipSettings.lan().withReaping(120_000, 60_000, 1_000);
        SimCluster c = cluster(5, 8, s);
        c.kill("n4");
        c.node("n3").leave(c.now);
        assertTrue(c.runUntil(() -> c.node("n3").leaveComplete(), 10_000) >= 0);
        c.kill("n3");
        assertTrue(c.runUntil(() -> c.allSee("n4", MemberStatus.FAILED), 60_000) >= 0);
        assertTrue(c.allSee("n3", MemberStatus.LEFT));
        assertTrue(c.runUntil(() -> c.allSee("n3", null), 70_000) >= 0, "left member outlived its tombstone");
        assertTrue(c.allSee("n4", MemberStatus.FAILED), "failed member reaped before its reconnect timeout");
        assertTrue(c.runUntil(() -> c.allSee("n4", null), 130_000) >= 0, "failed member never reaped");
        assertEquals(1, count(c, "n0", MemberEvent.Type.REAP, "n4"));
        assertTrue(c.logs.get("n0").stream().anyMatch(l -> l.equals(
                "gossip: member reaped node=n4 status=failed reason=reconnect timeout")));
    }

    @Test
    void packetsForAnotherLabelAreDroppedWithAReason() {
        SimCluster c = cluster(3, 9);
        GossipCore stranger = c.add("stranger", Map.of(), "dc2");
        stranger.join(List.of(c.addressOf.get("n0")), c.now);
        c.collect(c.addressOf.get("stranger"), stranger);
        byte[] alien = WireCodec.encode("dc2", new Message.Alive(1, "x", "10.9.9.9:8301", Map.of(),
                org.proconsul.gossip.core.wire.Versions.current()));
        c.inject(c.addressOf.get("stranger"), c.addressOf.get("n1"), alien);
        c.run(5_000);
        assertEquals(3, c.node("n0").members().size(), c.node("n0").members().toString());
        assertEquals(null, c.node("n1").member("x"));
        assertTrue(c.node("n1").droppedPackets().get(DropReason.LABEL_MISMATCH) >= 1);
        assertTrue(c.node("n0").droppedPackets().get(DropReason.LABEL_MISMATCH) >= 1);
        assertTrue(c.logs.get("n1").stream().anyMatch(l -> l.contains("reason=cluster label mismatch")
                && l.contains("got 'dc2', want 'dc1'")), c.logs.get("n1").toString());
    }

    @Test
    void tagUpdateReachesEveryNode() {
        SimCluster c = cluster(5, 10);
        assertEquals(SetTagsResult.APPLIED, c.node("n2").setTags(Map.of("role", "consul", "port", "8300"), c.now));
        long t = c.runUntil(() -> c.live().stream()
                .allMatch(n -> "consul".equals(n.member("n2").tags().get("role"))), 5_000);
        assertTrue(t >= 0);
        assertEquals(1, count(c, "n0", MemberEvent.Type.UPDATE, "n2"));
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            big.append('x');
        }
        assertEquals(SetTagsResult.TOO_LARGE, c.node("n2").setTags(Map.of("k", big.toString()), c.now));
    }

    @Test
    void queryCollectsAcksAndResponses() {
        SimCluster c = cluster(5, 11);
        long id = c.node("n0").query("keyring-list", "hello".getBytes(StandardCharsets.UTF_8), 3_000, c.now);
        c.collect(c.addressOf.get("n0"), c.node("n0"));
        c.run(1_000);
        for (int i = 0; i < 5; i++) {
            String n = "n" + i;
            List<QueryEvent.Received> got = c.queryEvents.get(n).stream()
                    .filter(e -> e instanceof QueryEvent.Received).map(e -> (QueryEvent.Received) e).toList();
            assertEquals(1, got.size(), n + " received " + got);
            assertEquals("keyring-list", got.get(0).name());
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), got.get(0).payload());
            assertTrue(c.node(n).respond(got.get(0).token(), ("from " + n).getBytes(StandardCharsets.UTF_8),
                    c.now));
            assertFalse(c.node(n).respond(got.get(0).token(), new byte[0], c.now), "second answer refused");
            c.collect(c.addressOf.get(n), c.node(n));
        }
        c.run(3_000);
        List<QueryEvent> ev = c.queryEvents.get("n0");
        Map<String, String> responses = ev.stream().filter(e -> e instanceof QueryEvent.Response)
                .map(e -> (QueryEvent.Response) e).filter(r -> r.queryId() == id)
                .collect(Collectors.toMap(QueryEvent.Response::fromNode,
                        r -> new String(r.payload(), StandardCharsets.UTF_8)));
        assertEquals(5, responses.size(), ev.toString());
        assertEquals("from n3", responses.get("n3"));
        long acks = ev.stream().filter(e -> e instanceof QueryEvent.Ack a && a.queryId() == id).count();
        assertEquals(5, acks);
        QueryEvent.Finished fin = ev.stream().filter(e -> e instanceof QueryEvent.Finished)
                .map(e -> (QueryEvent.Finished) e).findFirst().orElse(null);
        assertNotNull(fin);
        assertEquals(new QueryEvent.Finished(id, 5, 5), fin);
    }

    /** Runs one query from n0 that everyone answers, with n3's datagrams to n0 lost; returns who answered. */
    private Set<String> answeredWithLinkCut(int relayFactor) {
        SimCluster c = cluster(5, 21);
        c.cutLinks.add(c.addressOf.get("n3") + ">" + c.addressOf.get("n0"));
        long id = c.node("n0").query("keyring-list", new byte[0], 3_000, relayFactor, c.now);
        c.collect(c.addressOf.get("n0"), c.node("n0"));
        c.run(500);
        for (int i = 0; i < 5; i++) {
            String n = "n" + i;
            for (QueryEvent e : List.copyOf(c.queryEvents.get(n))) {
                if (e instanceof QueryEvent.Received r) {
                    c.node(n).respond(r.token(), n.getBytes(StandardCharsets.UTF_8), c.now);
                    c.collect(c.addressOf.get(n), c.node(n));
                }
            }
        }
        c.run(3_000);
        return c.queryEvents.get("n0").stream().filter(e -> e instanceof QueryEvent.Response r && r.queryId() == id)
                .map(e -> ((QueryEvent.Response) e).fromNode()).collect(Collectors.toSet());
    }

    @Test
    void relayFactorCarriesAResponseAroundALostDirectPath() {
        assertEquals(Set.of("n0", "n1", "n2", "n4"), answeredWithLinkCut(0), "without relays n3's answer is lost");
        assertEquals(Set.of("n0", "n1", "n2", "n3", "n4"), answeredWithLinkCut(2),
                "with relay factor 2 n3's answer arrives through other members, once");
    }

    @Test
    void relayIsRefusedForAnAddressThatIsNoMember() {
        SimCluster c = cluster(3, 22);
        Message.Relay toStranger = new Message.Relay("10.9.9.9:8301",
                new Message.QueryResponse(1, 1, "n1", false, new byte[0]));
        c.captured = new java.util.ArrayList<>();
        long before = c.node("n2").droppedPackets().getOrDefault(DropReason.UNEXPECTED, 0L);
        c.node("n2").receivePacket(c.addressOf.get("n1"), WireCodec.encode(c.label, toStranger), c.now);
        c.collect(c.addressOf.get("n2"), c.node("n2"));
        assertFalse(c.capturedTo.contains("10.9.9.9:8301"), "nothing is sent to a non-member");
        assertEquals(before + 1, c.node("n2").droppedPackets().get(DropReason.UNEXPECTED));
    }

    @Test
    void snapshotRestoresClocksAndRejoins() {
        SimCluster c = cluster(3, 12);
        Snapshot snap = c.node("n2").snapshot();
        assertEquals(2, snap.aliveMembers().size());
        SnapshotCodec.Parsed parsed = SnapshotCodec.decode(SnapshotCodec.encode(snap));
        Snapshot back = ((SnapshotCodec.Parsed.Ok) parsed).snapshot();
        assertEquals(snap, back);
        GossipCore restored = GossipCore.restore(GossipSettings.lan(),
                new LocalNode("n2", c.addressOf.get("n2"), Map.of()), LABEL, new java.util.SplittableRandom(1),
                c.now, back);
        assertTrue(restored.lamportTime() > snap.memberLamportTime());
        List<Outbound> out = restored.drainOutbound();
        assertEquals(2, out.stream().filter(o -> o instanceof Outbound.StreamRequest s
                && s.purpose() == StreamPurpose.JOIN).count());
    }

    @Test
    void aRevivedNodeRefutesItsDeathAndRejoins() {
        SimCluster c = cluster(5, 13);
        c.kill("n4");
        assertTrue(c.runUntil(() -> c.allSee("n4", MemberStatus.FAILED), 60_000) >= 0);
        c.down.remove(c.addressOf.get("n4")); // partition heals: the process never stopped
        long t = c.runUntil(() -> c.allSee("n4", MemberStatus.ALIVE), 120_000);
        assertTrue(t >= 0, "revived node still failed: " + c.node("n0").members());
        assertTrue(c.node("n0").member("n4").incarnation() > 1);
        assertEquals(2, count(c, "n0", MemberEvent.Type.JOIN, "n4"), "initial join and rejoin");
    }
}
