package org.proconsul.gossip.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frame layout: {@code version u8 | labelLength u8 | label | type u8 | body}. A compound body is
 * {@code count u8 | (length u16 | type u8 | body)*}. Integers are big-endian, strings u16-length UTF-8.
 * Every variable field has a bound, so a hostile peer cannot make us allocate more than the frame it sent.
 */
public final class WireCodec {

    /** Bumped only for an incompatible frame change; a receiver drops versions it does not speak. */
    public static final int WIRE_VERSION = 1;
    /** memberlist bounds its label prefix at 255 bytes too. */
    public static final int MAX_LABEL_BYTES = 255;
    public static final int MAX_NAME_BYTES = 128;
    public static final int MAX_ADDRESS_BYTES = 64;
    /** memberlist's MetaMaxSize: tags ride in every alive message, which must fit a datagram. */
    public static final int MAX_TAGS_BYTES = 512;
    public static final int MAX_QUERY_NAME_BYTES = 128;
    /** serf's default QuerySizeLimit / QueryResponseSizeLimit. */
    public static final int MAX_QUERY_PAYLOAD_BYTES = 1024;
    /** Consul's keyring command accepts relay factors 0 to 5. */
    public static final int MAX_RELAY_FACTOR = 5;
    public static final int MAX_PACKET_BYTES = 65_507;
    /** A push/pull with 10k members of ~600 bytes each fits well below this. */
    public static final int MAX_STREAM_BYTES = 16 * 1024 * 1024;
    public static final int MAX_COMPOUND_PARTS = 255;
    public static final int MAX_PUSH_PULL_NODES = 100_000;

    private WireCodec() {
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes one message as {@code type | body}, ready to frame or to pack into a compound. */
    public static byte[] encodeMessage(Message m) {
        ByteWriter w = new ByteWriter(64);
        writeMessage(w, m);
        return w.toBytes();
    }

    /** Frames one encoded message for {@code label}. */
    public static byte[] frame(String label, byte[] encodedMessage) {
        ByteWriter w = new ByteWriter(encodedMessage.length + label.length() + 2);
        header(w, label);
        w.bytes(encodedMessage);
        return w.toBytes();
    }

    /** Frames several encoded messages as one compound (or the single message itself when there is one). */
    public static byte[] frameCompound(String label, List<byte[]> encodedMessages) {
        if (encodedMessages.size() == 1) {
            return frame(label, encodedMessages.get(0));
        }
        if (encodedMessages.isEmpty() || encodedMessages.size() > MAX_COMPOUND_PARTS) {
            throw new IllegalArgumentException("compound needs 1.." + MAX_COMPOUND_PARTS + " parts");
        }
        ByteWriter w = new ByteWriter(256);
        header(w, label);
        w.u8(MessageType.COMPOUND.code());
        w.u8(encodedMessages.size());
        for (byte[] part : encodedMessages) {
            w.u16(part.length);
            w.bytes(part);
        }
        return w.toBytes();
    }

    public static byte[] encode(String label, Message m) {
        return frame(label, encodeMessage(m));
    }

    /** Bytes a frame header takes for this label: what a packet budget must reserve. */
    public static int headerBytes(String label) {
        return 2 + label.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Per-part overhead inside a compound (u16 length). */
    public static final int COMPOUND_PART_OVERHEAD = 2;
    /** Compound type and count bytes. */
    public static final int COMPOUND_OVERHEAD = 2;

    /** Encoded size of a tag map, checked against {@link #MAX_TAGS_BYTES} before it is ever sent. */
    public static int tagsBytes(Map<String, String> tags) {
        int n = 2;
        for (Map.Entry<String, String> e : tags.entrySet()) {
            n += 4 + e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    private static void header(ByteWriter w, String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        if (l.length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("label longer than " + MAX_LABEL_BYTES + " bytes");
        }
        w.u8(WIRE_VERSION);
        w.u8(l.length);
        w.bytes(l);
    }

    private static void writeMessage(ByteWriter w, Message m) {
        w.u8(m.type().code());
        if (m instanceof Message.Ping p) {
            w.i32(p.seq());
            w.str(p.target());
            w.str(p.sourceNode());
            w.str(p.sourceAddress());
        } else if (m instanceof Message.IndirectPing p) {
            w.i32(p.seq());
            w.str(p.target());
            w.str(p.targetAddress());
            w.u8(p.wantNack() ? 1 : 0);
            w.str(p.sourceNode());
            w.str(p.sourceAddress());
        } else if (m instanceof Message.Ack a) {
            w.i32(a.seq());
            w.str(a.fromNode());
        } else if (m instanceof Message.Nack n) {
            w.i32(n.seq());
        } else if (m instanceof Message.Suspect s) {
            w.i64(s.incarnation());
            w.str(s.node());
            w.str(s.from());
        } else if (m instanceof Message.Alive a) {
            w.i64(a.incarnation());
            w.str(a.node());
            w.str(a.address());
            writeTags(w, a.tags());
            writeVersions(w, a.versions());
        } else if (m instanceof Message.Dead d) {
            w.i64(d.incarnation());
            w.str(d.node());
            w.str(d.from());
        } else if (m instanceof Message.PushPull pp) {
            w.u8(pp.join() ? 1 : 0);
            w.i64(pp.memberLamportTime());
            w.i64(pp.queryLamportTime());
            w.i32(pp.nodes().size());
            for (NodeState n : pp.nodes()) {
                w.str(n.name());
                w.str(n.address());
                writeTags(w, n.tags());
                w.i64(n.incarnation());
                w.u8(n.state().code());
                w.i64(n.statusLamportTime());
                w.u8(n.leftIntent() ? 1 : 0);
                writeVersions(w, n.versions());
            }
        } else if (m instanceof Message.Compound c) {
            w.u8(c.parts().size());
            for (Message part : c.parts()) {
                byte[] b = encodeMessage(part);
                w.u16(b.length);
                w.bytes(b);
            }
        } else if (m instanceof Message.Intent i) {
            w.u8(i.kind().ordinal());
            w.i64(i.lamportTime());
            w.str(i.node());
            w.u8(i.prune() ? 1 : 0);
        } else if (m instanceof Message.Query q) {
            w.i64(q.lamportTime());
            w.i32(q.id());
            w.str(q.fromNode());
            w.str(q.fromAddress());
            w.u8(q.wantAck() ? 1 : 0);
            w.u8(q.relayFactor());
            w.i64(q.timeoutMillis());
            w.str(q.name());
            w.blob(q.payload());
        } else if (m instanceof Message.QueryResponse r) {
            writeResponse(w, r);
        } else if (m instanceof Message.Relay relay) {
            w.str(relay.toAddress());
            writeResponse(w, relay.response());
        } else {
            throw new AssertionError("unencodable message " + m);
        }
    }

    private static void writeTags(ByteWriter w, Map<String, String> tags) {
        // sorted so equal maps encode to equal bytes (lets peers compare metadata byte-wise)
        TreeMap<String, String> sorted = new TreeMap<>(tags);
        w.u16(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            w.str(e.getKey());
            w.str(e.getValue());
        }
    }

    private static void writeVersions(ByteWriter w, Versions v) {
        w.u8(v.protocolMin());
        w.u8(v.protocolMax());
        w.u8(v.protocolCur());
        w.u8(v.delegateMin());
        w.u8(v.delegateMax());
        w.u8(v.delegateCur());
    }

    private static void writeResponse(ByteWriter w, Message.QueryResponse r) {
        w.i64(r.lamportTime());
        w.i32(r.id());
        w.str(r.fromNode());
        w.u8(r.ack() ? 1 : 0);
        w.blob(r.payload());
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes a frame. Never throws: a null, short, oversized, mislabelled or malformed input yields
     * {@link Decoded.Rejected} with the reason.
     */
    public static Decoded decode(byte[] frame, String expectedLabel, int maxBytes) {
        if (frame == null || frame.length == 0) {
            return new Decoded.Rejected(DropReason.EMPTY, "no bytes");
        }
        if (frame.length > maxBytes) {
            return new Decoded.Rejected(DropReason.OVERSIZED, frame.length + " bytes, bound " + maxBytes);
        }
        try {
            ByteReader r = new ByteReader(frame, 0, frame.length);
            int version = r.u8("version");
            if (version != WIRE_VERSION) {
                return new Decoded.Rejected(DropReason.BAD_VERSION, "version " + version);
            }
            int labelLength = r.u8("label length");
            byte[] label = r.raw(labelLength, "label");
            byte[] want = expectedLabel.getBytes(StandardCharsets.UTF_8);
            if (!java.util.Arrays.equals(label, want)) {
                String got = new String(label, StandardCharsets.UTF_8);
                return new Decoded.Rejected(DropReason.LABEL_MISMATCH,
                        "got '" + printable(got) + "', want '" + printable(expectedLabel) + "'");
            }
            Message m = readMessage(r, true);
            if (r.remaining() != 0) {
                return new Decoded.Rejected(DropReason.TRAILING_BYTES, r.remaining() + " bytes");
            }
            return new Decoded.Accepted(m);
        } catch (ByteReader.Bad bad) {
            return new Decoded.Rejected(bad.reason, bad.getMessage());
        } catch (RuntimeException bug) {
            // a decoder bug must not take the agent down, but it must be visible: report it as malformed
            return new Decoded.Rejected(DropReason.MALFORMED, "decoder error " + bug);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Message readMessage(ByteReader r, boolean compoundAllowed) throws ByteReader.Bad {
        int code = r.u8("type");
        MessageType type = MessageType.fromCode(code);
        if (type == null) {
            throw new ByteReader.Bad(DropReason.UNKNOWN_TYPE, "type " + code);
        }
        switch (type) {
            case PING:
                return new Message.Ping(r.i32("seq"), name(r, "target"), name(r, "source node"), address(r));
            case INDIRECT_PING:
                return new Message.IndirectPing(r.i32("seq"), name(r, "target"), address(r), r.bool("nack"),
                        name(r, "source node"), address(r));
            case ACK:
                return new Message.Ack(r.i32("seq"), name(r, "from"));
            case NACK:
                return new Message.Nack(r.i32("seq"));
            case SUSPECT:
                return new Message.Suspect(incarnation(r), name(r, "node"), name(r, "from"));
            case ALIVE:
                return new Message.Alive(incarnation(r), name(r, "node"), address(r), readTags(r), readVersions(r));
            case DEAD:
                return new Message.Dead(incarnation(r), name(r, "node"), name(r, "from"));
            case PUSH_PULL:
                return readPushPull(r);
            case COMPOUND:
                if (!compoundAllowed) {
                    throw new ByteReader.Bad(DropReason.NESTED_COMPOUND, "nested compound");
                }
                return readCompound(r);
            case INTENT: {
                int kind = r.u8("intent kind");
                if (kind >= Message.IntentKind.values().length) {
                    throw new ByteReader.Bad(DropReason.MALFORMED, "intent kind " + kind);
                }
                return new Message.Intent(Message.IntentKind.values()[kind], lamport(r), name(r, "node"),
                        r.bool("prune"));
            }
            case QUERY: {
                long ltime = lamport(r);
                int id = r.i32("query id");
                String from = name(r, "from");
                String addr = address(r);
                boolean ack = r.bool("want ack");
                int relayFactor = r.u8("relay factor");
                if (relayFactor > MAX_RELAY_FACTOR) {
                    throw new ByteReader.Bad(DropReason.MALFORMED, "relay factor " + relayFactor);
                }
                long timeout = r.i64("timeout");
                if (timeout < 0 || timeout > 3_600_000L) {
                    throw new ByteReader.Bad(DropReason.MALFORMED, "query timeout " + timeout);
                }
                String qname = r.str(MAX_QUERY_NAME_BYTES, "query name");
                byte[] payload = r.blob(MAX_QUERY_PAYLOAD_BYTES, "query payload");
                return new Message.Query(ltime, id, from, addr, ack, relayFactor, timeout, qname, payload);
            }
            case QUERY_RESPONSE:
                return readResponse(r);
            case RELAY:
                return new Message.Relay(address(r), readResponse(r));
            default:
                throw new AssertionError("unhandled type " + type);
        }
    }

    private static Message.QueryResponse readResponse(ByteReader r) throws ByteReader.Bad {
        return new Message.QueryResponse(lamport(r), r.i32("query id"), name(r, "from"), r.bool("ack"),
                r.blob(MAX_QUERY_PAYLOAD_BYTES, "response payload"));
    }

    private static Message readCompound(ByteReader r) throws ByteReader.Bad {
        int count = r.u8("part count");
        if (count == 0) {
            throw new ByteReader.Bad(DropReason.MALFORMED, "empty compound");
        }
        List<Message> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = r.u16("part length");
            if (len > r.remaining()) {
                throw new ByteReader.Bad(DropReason.TRUNCATED, "compound part " + i);
            }
            int end = r.position() + len;
            byte[] partBytes = r.raw(len, "compound part");
            ByteReader pr = new ByteReader(partBytes, 0, partBytes.length);
            parts.add(readMessage(pr, false));
            if (pr.remaining() != 0) {
                throw new ByteReader.Bad(DropReason.TRAILING_BYTES, "compound part " + i + " end " + end);
            }
        }
        return new Message.Compound(parts);
    }

    private static Message readPushPull(ByteReader r) throws ByteReader.Bad {
        boolean join = r.bool("join");
        long memberTime = lamport(r);
        long queryTime = lamport(r);
        int count = r.i32("node count");
        // each node needs at least 30 bytes, so a count larger than that is a lie we can reject up front
        if (count < 0 || count > MAX_PUSH_PULL_NODES || count > r.remaining() / 30 + 1) {
            throw new ByteReader.Bad(DropReason.OVERSIZED, "node count " + count);
        }
        List<NodeState> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = name(r, "node name");
            String addr = address(r);
            Map<String, String> tags = readTags(r);
            long inc = incarnation(r);
            int stateCode = r.u8("state");
            SwimState state = SwimState.fromCode(stateCode);
            if (state == null) {
                throw new ByteReader.Bad(DropReason.MALFORMED, "state " + stateCode);
            }
            long statusTime = lamport(r);
            boolean left = r.bool("left intent");
            nodes.add(new NodeState(name, addr, tags, inc, state, statusTime, left, readVersions(r)));
        }
        return new Message.PushPull(join, nodes, memberTime, queryTime);
    }

    private static String name(ByteReader r, String what) throws ByteReader.Bad {
        return r.str(MAX_NAME_BYTES, what);
    }

    private static String address(ByteReader r) throws ByteReader.Bad {
        return r.str(MAX_ADDRESS_BYTES, "address");
    }

    private static long incarnation(ByteReader r) throws ByteReader.Bad {
        long v = r.i64("incarnation");
        if (v < 0) {
            throw new ByteReader.Bad(DropReason.MALFORMED, "negative incarnation");
        }
        return v;
    }

    private static long lamport(ByteReader r) throws ByteReader.Bad {
        long v = r.i64("lamport time");
        if (v < 0) {
            throw new ByteReader.Bad(DropReason.MALFORMED, "negative lamport time");
        }
        return v;
    }

    private static Map<String, String> readTags(ByteReader r) throws ByteReader.Bad {
        int start = r.position();
        int count = r.u16("tag count");
        if (count == 0) {
            return Map.of();
        }
        if (count > MAX_TAGS_BYTES / 4) {
            throw new ByteReader.Bad(DropReason.OVERSIZED, "tag count " + count);
        }
        HashMap<String, String> tags = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String k = r.str(MAX_TAGS_BYTES, "tag key");
            String v = r.str(MAX_TAGS_BYTES, "tag value");
            tags.put(k, v);
            if (r.position() - start > MAX_TAGS_BYTES) {
                throw new ByteReader.Bad(DropReason.OVERSIZED, "tags exceed " + MAX_TAGS_BYTES + " bytes");
            }
        }
        // immutable once, so the records and the member table share it instead of copying again
        return Map.copyOf(tags);
    }

    private static Versions readVersions(ByteReader r) throws ByteReader.Bad {
        return new Versions(r.u8("vsn"), r.u8("vsn"), r.u8("vsn"), r.u8("vsn"), r.u8("vsn"), r.u8("vsn"));
    }
}
