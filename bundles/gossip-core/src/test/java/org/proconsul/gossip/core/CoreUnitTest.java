package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.proconsul.gossip.core.wire.Message;
import org.proconsul.gossip.core.wire.NodeState;
import org.proconsul.gossip.core.wire.SwimState;
import org.proconsul.gossip.core.wire.Versions;
import org.proconsul.gossip.core.wire.WireCodec;

/** Single-core behaviour driven by hand. */
class CoreUnitTest {

    private static GossipCore core(String name) {
        return new GossipCore(GossipSettings.lan(), new LocalNode(name, "10.0.0.1:8301", Map.of("role", "node")),
                "dc1", new SplittableRandom(3), 0);
    }

    private static byte[] frame(Message m) {
        return WireCodec.encode("dc1", m);
    }

    private static void learn(GossipCore c, String... names) {
        List<NodeState> nodes = new java.util.ArrayList<>();
        int i = 10;
        for (String n : names) {
            nodes.add(new NodeState(n, "10.0.0." + (i++) + ":8301", Map.of(), 1, SwimState.ALIVE, 0, false,
                    Versions.current()));
        }
        c.receiveStreamReply("10.0.0.10:8301", frame(new Message.PushPull(false, nodes, 1, 0)), 0);
    }

    @Test
    void tickIsIdempotentAtTheSameInstant() {
        GossipCore c = core("a");
        learn(c, "b", "c");
        c.drainOutbound();
        for (long t = 0; t <= 5_000; t += 7) {
            c.tick(t);
            int first = c.drainOutbound().size();
            c.tick(t);
            c.tick(t);
            assertEquals(0, c.drainOutbound().size(), "repeated tick at " + t + " after " + first);
        }
    }

    @Test
    void timeNeverRunsBackwards() {
        GossipCore c = core("a");
        learn(c, "b");
        c.tick(10_000);
        c.drainOutbound();
        c.tick(5_000); // a clock jump backwards must not re-fire timers
        assertEquals(0, c.drainOutbound().size());
    }

    @Test
    void aLoneNodeLeavesAtOnce() {
        GossipCore c = core("a");
        assertFalse(c.leaveComplete());
        c.leave(0);
        assertTrue(c.leaveComplete());
        assertEquals(MemberStatus.LEFT, c.member("a").status());
        assertTrue(c.snapshot().leftCleanly());
    }

    @Test
    void joinEmitsPushPullAndReportsFailure() {
        GossipCore c = core("a");
        assertEquals(2, c.join(List.of("10.0.0.2:8301", "10.0.0.1:8301", "nonsense", "10.0.0.3:8301"), 0));
        List<Outbound> out = c.drainOutbound();
        assertEquals(2, out.size());
        Outbound.StreamRequest s = assertInstanceOf(Outbound.StreamRequest.class, out.get(0));
        assertEquals(StreamPurpose.JOIN, s.purpose());
        Message.PushPull pp = (Message.PushPull) ((org.proconsul.gossip.core.wire.Decoded.Accepted) WireCodec
                .decode(s.bytes(), "dc1", WireCodec.MAX_STREAM_BYTES)).message();
        assertTrue(pp.join());
        assertEquals("a", pp.nodes().get(0).name());
        c.streamFailed("10.0.0.2:8301", 5);
        List<String> log = c.drainLog();
        assertTrue(log.contains("gossip: join failed address=10.0.0.2:8301"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("reason=own address")));
        assertTrue(log.stream().anyMatch(l -> l.contains("address=nonsense reason=not ip:port")));
    }

    @Test
    void intentsAreOrderedByLamportTime() {
        GossipCore c = core("a");
        learn(c, "b");
        c.receivePacket("x", frame(new Message.Intent(Message.IntentKind.LEAVE, 50, "b", false)), 1);
        assertEquals(MemberStatus.LEAVING, c.member("b").status());
        c.receivePacket("x", frame(new Message.Intent(Message.IntentKind.JOIN, 40, "b", false)), 2);
        assertEquals(MemberStatus.LEAVING, c.member("b").status(), "an older join does not undo a newer leave");
        c.receivePacket("x", frame(new Message.Intent(Message.IntentKind.JOIN, 51, "b", false)), 3);
        assertEquals(MemberStatus.ALIVE, c.member("b").status());
        assertTrue(c.lamportTime() > 51, "clock witnessed the intents");
    }

    @Test
    void intentForAnUnknownMemberIsKeptUntilItJoins() {
        GossipCore c = core("a");
        c.receivePacket("x", frame(new Message.Intent(Message.IntentKind.LEAVE, 9, "late", false)), 1);
        c.receivePacket("x", frame(new Message.Alive(1, "late", "10.0.0.9:8301", Map.of(), Versions.current())), 2);
        assertEquals(MemberStatus.LEAVING, c.member("late").status());
    }

    @Test
    void deadClaimAboutOurselvesIsRefutedAndGracefulDeadMeansLeft() {
        GossipCore c = core("a");
        learn(c, "b");
        c.receivePacket("x", frame(new Message.Dead(1, "a", "b")), 1);
        assertEquals(MemberStatus.ALIVE, c.member("a").status());
        assertEquals(2, c.member("a").incarnation());
        c.receivePacket("x", frame(new Message.Dead(1, "b", "b")), 2);
        assertEquals(MemberStatus.LEFT, c.member("b").status());
        List<MemberEvent> ev = c.drainEvents();
        assertTrue(ev.stream().anyMatch(e -> e.type() == MemberEvent.Type.LEAVE && e.member().name().equals("b")));
        c.receivePacket("x", frame(new Message.Alive(1, "b", "10.0.0.10:8301", Map.of(), Versions.current())), 3);
        assertEquals(MemberStatus.LEFT, c.member("b").status(), "a stale alive does not revive");
        c.receivePacket("x", frame(new Message.Alive(2, "b", "10.0.0.10:8301", Map.of(), Versions.current())), 4);
        assertEquals(MemberStatus.ALIVE, c.member("b").status(), "a newer incarnation rejoins");
    }

    @Test
    void addressConflictIsDroppedWithAReason() {
        GossipCore c = core("a");
        learn(c, "b");
        c.receivePacket("x", frame(new Message.Alive(5, "b", "10.9.9.9:8301", Map.of(), Versions.current())), 1);
        assertEquals("10.0.0.10", c.member("b").address());
        assertEquals(1L, c.droppedPackets().get(org.proconsul.gossip.core.wire.DropReason.ADDRESS_CONFLICT));
    }

    @Test
    void forceLeaveOfSelfOrUnknownIsRefused() {
        GossipCore c = core("a");
        assertEquals(ForceLeaveResult.NOT_FAILED, c.forceLeave("a", false, 0));
        assertEquals(ForceLeaveResult.UNKNOWN_NODE, c.forceLeave("zz", true, 0));
    }

    @Test
    void queryBoundsAndTokens() {
        GossipCore c = core("a");
        assertThrows(IllegalArgumentException.class, () -> c.query("q", new byte[2000], 1000, 0));
        long id = c.query("q", "x".getBytes(StandardCharsets.UTF_8), 1000, 0);
        List<QueryEvent> ev = c.drainQueryEvents();
        assertEquals(new QueryEvent.Ack(id, "a"), ev.get(0), "the originator acks its own query");
        QueryEvent.Received rec = assertInstanceOf(QueryEvent.Received.class, ev.get(1));
        assertFalse(c.respond(rec.token() + 100, new byte[0], 1));
        assertFalse(c.respond(rec.token(), new byte[2000], 1), "oversized answer refused");
        assertTrue(c.respond(rec.token(), new byte[] {7}, 1));
        c.tick(2_000);
        List<QueryEvent> rest = c.drainQueryEvents();
        assertEquals(new QueryEvent.Finished(id, 1, 1), rest.get(rest.size() - 1));
        long late = c.query("q", new byte[0], 0, 3_000); // default timeout from the cluster size
        c.tick(3_000 + 3_199);
        assertTrue(c.drainQueryEvents().stream().noneMatch(e -> e instanceof QueryEvent.Finished));
        c.tick(3_000 + 3_201);
        assertTrue(c.drainQueryEvents().contains(new QueryEvent.Finished(late, 1, 0)));
    }

    @Test
    void settingsAndIdentityAreChecked() {
        GossipSettings bad = GossipSettings.lan().withReaping(0, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new GossipCore(bad,
                new LocalNode("a", "10.0.0.1:1", Map.of()), "", new SplittableRandom(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new LocalNode("", "10.0.0.1:1", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new LocalNode("a", "nowhere", Map.of()));
    }

    @Test
    void deadNameMayMoveAddressOnlyAfterTheReclaimTime() {
        GossipCore c = new GossipCore(GossipSettings.lan().withDeadNodeReclaim(30_000),
                new LocalNode("a", "10.0.0.1:8301", Map.of()), "dc1", new SplittableRandom(3), 0);
        learn(c, "b");
        c.receivePacket("x", frame(new Message.Dead(1, "b", "a2")), 1_000);
        assertEquals(MemberStatus.FAILED, c.member("b").status());
        Message.Alive moved = new Message.Alive(1, "b", "10.0.0.77:8301", Map.of(), Versions.current());
        c.receivePacket("x", frame(moved), 20_000);
        assertEquals(MemberStatus.FAILED, c.member("b").status(), "too early");
        c.receivePacket("x", frame(moved), 31_000);
        assertEquals(MemberStatus.ALIVE, c.member("b").status());
        assertEquals("10.0.0.77", c.member("b").address());
    }

    @Test
    void theLocalNodeJoinsItself() {
        GossipCore c = core("a");
        List<MemberEvent> ev = c.drainEvents();
        assertEquals(1, ev.size());
        assertEquals(MemberEvent.Type.JOIN, ev.get(0).type());
        assertEquals("a", ev.get(0).member().name());
    }
}
