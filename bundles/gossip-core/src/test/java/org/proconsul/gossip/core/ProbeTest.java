package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.proconsul.gossip.core.wire.Decoded;
import org.proconsul.gossip.core.wire.Message;
import org.proconsul.gossip.core.wire.NodeState;
import org.proconsul.gossip.core.wire.SwimState;
import org.proconsul.gossip.core.wire.Versions;
import org.proconsul.gossip.core.wire.WireCodec;

/** One core driven by hand: the probe cycle step by step, no network. */
class ProbeTest {

    private static final String A = "10.0.0.1:8301";

    private GossipCore coreKnowing(int peers) {
        GossipCore core = new GossipCore(GossipSettings.lan(), new LocalNode("a", A, Map.of()), "dc1",
                new SplittableRandom(5), 0);
        List<NodeState> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < peers; i++) {
            nodes.add(new NodeState("p" + i, "10.0.1." + i + ":8301", Map.of(), 1, SwimState.ALIVE, 0, false,
                    Versions.current()));
        }
        core.receiveStreamReply("10.0.1.0:8301",
                WireCodec.encode("dc1", new Message.PushPull(false, nodes, 1, 0)), 0);
        core.drainOutbound();
        return core;
    }

    private static Message decode(byte[] b) {
        return assertInstanceOf(Decoded.Accepted.class, WireCodec.decode(b, "dc1", 70_000)).message();
    }

    private static Message.Ping pingIn(Outbound o) {
        Message.Ping p = pingOrNull(o);
        assertTrue(p != null, "no ping in " + o);
        return p;
    }

    /** The ping a packet starts with (probe pings lead their compound), or null for pure gossip. */
    private static Message.Ping pingOrNull(Outbound o) {
        if (!(o instanceof Outbound.Packet pk)) {
            return null;
        }
        Message m = decode(pk.bytes());
        if (m instanceof Message.Compound c) {
            m = c.parts().get(0);
        }
        return m instanceof Message.Ping p ? p : null;
    }

    @Test
    void unansweredProbeGoesIndirectThenSuspects() {
        GossipCore core = coreKnowing(4);
        long t = 0;
        List<Outbound> out = List.of();
        while (out.stream().noneMatch(o -> pingOrNull(o) != null)) {
            t += 10;
            core.tick(t);
            out = core.drainOutbound();
        }
        Outbound.Packet first = (Outbound.Packet) out.stream().filter(o -> pingOrNull(o) != null)
                .findFirst().get();
        Message.Ping ping = pingIn(first);
        String target = ping.target();
        long start = t;
        core.tick(start + 499);
        assertEquals(0, core.drainOutbound().stream().filter(o -> o instanceof Outbound.StreamRequest).count());
        core.tick(start + 500);
        List<Outbound> indirect = core.drainOutbound();
        long indirectPings = indirect.stream().filter(o -> o instanceof Outbound.Packet p
                && decode(p.bytes()) instanceof Message.IndirectPing).count();
        assertEquals(3, indirectPings, "three helpers out of the other three peers");
        assertEquals(1, indirect.stream().filter(o -> o instanceof Outbound.StreamRequest s
                && s.purpose() == StreamPurpose.FALLBACK_PING && s.toAddress().equals(first.toAddress())).count());
        // one helper answers with a nack: the path to it works, two missing nacks count against us
        core.receivePacket("10.0.1.9:8301", WireCodec.encode("dc1", new Message.Nack(ping.seq())), start + 600);
        core.tick(start + 1000);
        assertTrue(core.drainLog().stream().anyMatch(l -> l.startsWith("gossip: member suspect node=" + target)));
        assertEquals(2, core.healthScore(), "two of three nacks missing");
        assertEquals(MemberStatus.ALIVE, core.member(target).status(), "suspect is not failed yet");
    }

    @Test
    void ackInTimeKeepsTargetAliveAndImprovesHealth() {
        GossipCore core = coreKnowing(2);
        core.receivePacket("10.0.1.1:8301", WireCodec.encode("dc1", new Message.Suspect(1, "a", "p1")), 0);
        assertEquals(1, core.healthScore(), "refuting a suspicion of ourselves costs health");
        long t = 0;
        Message.Ping ping = null;
        while (ping == null) {
            t += 10;
            core.tick(t);
            for (Outbound o : core.drainOutbound()) {
                if (pingOrNull(o) != null) {
                    ping = pingOrNull(o);
                }
            }
        }
        core.receivePacket("10.0.1.1:8301", WireCodec.encode("dc1", new Message.Ack(ping.seq(), ping.target())),
                t + 5);
        core.tick(t + 2000);
        assertEquals(0, core.healthScore());
        assertTrue(core.drainLog().stream().noneMatch(l -> l.contains("suspect node=")));
    }

    @Test
    void indirectPingIsRelayedAndNackedOnTimeout() {
        GossipCore core = coreKnowing(2);
        core.receivePacket("10.0.1.0:8301", WireCodec.encode("dc1",
                new Message.IndirectPing(77, "p1", "10.0.1.1:8301", true, "p0", "10.0.1.0:8301")), 100);
        List<Outbound> out = core.drainOutbound();
        Outbound.Packet relayed = (Outbound.Packet) out.get(0);
        assertEquals("10.0.1.1:8301", relayed.toAddress());
        Message.Ping p = pingIn(relayed);
        core.receivePacket("10.0.1.1:8301", WireCodec.encode("dc1", new Message.Ack(p.seq(), "p1")), 150);
        Outbound.Packet ack = (Outbound.Packet) core.drainOutbound().get(0);
        assertEquals("10.0.1.0:8301", ack.toAddress());
        assertEquals(77, ((Message.Ack) decode(ack.bytes())).seq());
        core.receivePacket("10.0.1.0:8301", WireCodec.encode("dc1",
                new Message.IndirectPing(78, "p1", "10.0.1.1:8301", true, "p0", "10.0.1.0:8301")), 200);
        core.drainOutbound();
        core.tick(700);
        boolean nacked = core.drainOutbound().stream().anyMatch(o -> o instanceof Outbound.Packet pk
                && decode(pk.bytes()) instanceof Message.Nack n && n.seq() == 78);
        assertTrue(nacked);
    }

    @Test
    void fallbackPingOverStreamIsAnswered() {
        GossipCore core = coreKnowing(1);
        byte[] reply = core.receiveStream("10.0.1.0:8301",
                WireCodec.encode("dc1", new Message.Ping(5, "a", "p0", "10.0.1.0:8301")), 10);
        assertEquals(new Message.Ack(5, "a"), decode(reply));
        byte[] wrong = core.receiveStream("10.0.1.0:8301",
                WireCodec.encode("dc1", new Message.Ping(5, "zzz", "p0", "10.0.1.0:8301")), 10);
        assertEquals(0, wrong.length);
    }
}
