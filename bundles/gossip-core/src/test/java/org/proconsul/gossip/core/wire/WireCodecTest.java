package org.proconsul.gossip.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    static List<Message> samples() {
        Versions v = Versions.current();
        return List.of(
                new Message.Ping(7, "web1", "web2", "10.0.0.2:8301"),
                new Message.IndirectPing(8, "web1", "10.0.0.1:8301", true, "web2", "10.0.0.2:8301"),
                new Message.Ack(9, "web1"),
                new Message.Nack(10),
                new Message.Suspect(3, "web1", "web2"),
                new Message.Alive(4, "web1", "10.0.0.1:8301", Map.of("role", "consul", "dc", "dc1"), v),
                new Message.Dead(5, "web1", "web1"),
                new Message.PushPull(true, List.of(new NodeState("web1", "10.0.0.1:8301", Map.of("a", "b"), 2,
                        SwimState.SUSPECT, 11, true, v)), 12, 13),
                new Message.Intent(Message.IntentKind.LEAVE, 14, "web3", true),
                new Message.Query(15, -2, "web1", "10.0.0.1:8301", true, 3, 5000, "_serf_ping", new byte[] {1, 2}),
                new Message.Relay("10.0.0.1:8301", new Message.QueryResponse(15, -2, "web2", false, new byte[] {3})),
                new Message.QueryResponse(15, -2, "web2", false, new byte[] {3}));
    }

    @Test
    void typeCodesAreFixed() {
        int[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        MessageType[] types = {MessageType.PING, MessageType.INDIRECT_PING, MessageType.ACK, MessageType.NACK,
            MessageType.SUSPECT, MessageType.ALIVE, MessageType.DEAD, MessageType.PUSH_PULL, MessageType.COMPOUND,
            MessageType.INTENT, MessageType.QUERY, MessageType.QUERY_RESPONSE, MessageType.RELAY};
        for (int i = 0; i < types.length; i++) {
            assertEquals(expected[i], types[i].code(), types[i].name());
        }
        assertEquals(13, MessageType.values().length, "a new type needs a new code and a line here");
    }

    @Test
    void everyMessageRoundTrips() {
        for (Message m : samples()) {
            byte[] frame = WireCodec.encode("dc1", m);
            assertEquals(1, frame[0], "version byte first");
            Decoded d = WireCodec.decode(frame, "dc1", WireCodec.MAX_STREAM_BYTES);
            Message back = assertInstanceOf(Decoded.Accepted.class, d, m.toString()).message();
            // byte[] fields compare by identity in records, so compare re-encodings
            assertArrayEquals(WireCodec.encodeMessage(m), WireCodec.encodeMessage(back), m.toString());
            assertEquals(m.type(), back.type());
        }
    }

    @Test
    void compoundCarriesParts() {
        List<byte[]> parts = new ArrayList<>();
        for (Message m : samples()) {
            if (!(m instanceof Message.PushPull)) {
                parts.add(WireCodec.encodeMessage(m));
            }
        }
        Decoded d = WireCodec.decode(WireCodec.frameCompound("", parts), "", WireCodec.MAX_PACKET_BYTES);
        Message.Compound c = (Message.Compound) assertInstanceOf(Decoded.Accepted.class, d).message();
        assertEquals(parts.size(), c.parts().size());
    }

    @Test
    void labelVersionAndTruncationAreRejectedWithReasons() {
        byte[] frame = WireCodec.encode("dc1", new Message.Ack(1, "a"));
        assertEquals(DropReason.LABEL_MISMATCH, reject(frame, "dc2").reason());
        assertEquals(DropReason.LABEL_MISMATCH, reject(WireCodec.encode("", new Message.Ack(1, "a")), "dc1").reason());
        byte[] v2 = frame.clone();
        v2[0] = 2;
        assertEquals(DropReason.BAD_VERSION, reject(v2, "dc1").reason());
        for (int len = 0; len < frame.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(frame, len);
            Decoded.Rejected r = reject(cut, "dc1");
            assertTrue(r.reason() == DropReason.TRUNCATED || r.reason() == DropReason.EMPTY
                    || r.reason() == DropReason.LABEL_MISMATCH, len + ": " + r);
        }
        byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
        assertEquals(DropReason.TRAILING_BYTES, reject(longer, "dc1").reason());
        byte[] unknown = WireCodec.frame("dc1", new byte[] {99});
        assertEquals(DropReason.UNKNOWN_TYPE, reject(unknown, "dc1").reason());
        assertEquals(DropReason.OVERSIZED, reject(new byte[70_000], "dc1").reason());
        assertEquals(DropReason.EMPTY, reject(null, "dc1").reason());
    }

    @Test
    void nestedCompoundAndLyingCountsAreRejected() {
        byte[] inner = WireCodec.frameCompound("", List.of(WireCodec.encodeMessage(new Message.Nack(1)),
                WireCodec.encodeMessage(new Message.Nack(2))));
        byte[] innerMessage = java.util.Arrays.copyOfRange(inner, 2, inner.length);
        byte[] outer = WireCodec.frameCompound("", List.of(innerMessage, WireCodec.encodeMessage(new Message.Nack(3))));
        assertEquals(DropReason.NESTED_COMPOUND, reject(outer, "").reason());
        // push/pull announcing two billion nodes in a few bytes
        byte[] pp = WireCodec.encode("", new Message.PushPull(false, List.of(), 1, 1));
        pp[pp.length - 4] = 0x7f;
        assertEquals(DropReason.OVERSIZED, reject(pp, "").reason());
        byte[] badUtf = WireCodec.encode("", new Message.Ack(1, "ab"));
        badUtf[badUtf.length - 1] = (byte) 0xff;
        assertEquals(DropReason.MALFORMED, reject(badUtf, "").reason());
    }

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom r = new SplittableRandom(42);
        List<byte[]> valid = new ArrayList<>();
        for (Message m : samples()) {
            valid.add(WireCodec.encode("dc1", m));
        }
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            int mode = r.nextInt(4);
            if (mode == 0) {
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            } else {
                b = valid.get(r.nextInt(valid.size())).clone();
                int flips = 1 + r.nextInt(4);
                for (int f = 0; f < flips && b.length > 0; f++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                if (mode == 2) {
                    b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 8));
                }
            }
            Decoded d = WireCodec.decode(b, "dc1", WireCodec.MAX_PACKET_BYTES);
            if (d instanceof Decoded.Rejected rej) {
                assertTrue(rej.reason() != null && rej.detail() != null);
                assertTrue(!rej.detail().startsWith("decoder error"), "decoder bug: " + rej.detail());
            }
        }
    }

    private static Decoded.Rejected reject(byte[] b, String label) {
        return assertInstanceOf(Decoded.Rejected.class, WireCodec.decode(b, label, WireCodec.MAX_PACKET_BYTES));
    }
}
