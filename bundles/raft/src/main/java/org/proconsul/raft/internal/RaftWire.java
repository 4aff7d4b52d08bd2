package org.proconsul.raft.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.proconsul.raft.core.AppendEntries;
import org.proconsul.raft.core.AppendEntriesResponse;
import org.proconsul.raft.core.ConfigurationCodec;
import org.proconsul.raft.core.Entry;
import org.proconsul.raft.core.EntryType;
import org.proconsul.raft.core.Heartbeat;
import org.proconsul.raft.core.HeartbeatResponse;
import org.proconsul.raft.core.InstallSnapshot;
import org.proconsul.raft.core.Message;
import org.proconsul.raft.core.RequestVote;
import org.proconsul.raft.core.RequestVoteResponse;
import org.proconsul.raft.core.SnapshotMetadata;
import org.proconsul.raft.core.TimeoutNow;

/**
 * Raft messages on the wire: {@code version u8 | datacenter | fromAddress | type u8 | from | to | term i64 |
 * clusterId | body}, strings as u16-length UTF-8. The envelope names the sender's datacenter so a message from another
 * datacenter's servers is dropped before the core sees it. Decoding never trusts a length: every count is
 * checked against the bytes that are actually there.
 */
final class RaftWire {
    static final int VERSION = 1;
    private static final int MAX_STRING = 1024;
    private static final int MAX_ENTRIES = 1 << 16;

    private RaftWire() {
    }

    /** A message, the datacenter its sender belongs to and the sender's Raft address (for replies). */
    record Envelope(String datacenter, String fromAddress, Message message) {
    }

    /** Bytes that are not a Raft message of ours; the message says why. */
    static final class BadMessage extends Exception {
        private static final long serialVersionUID = 1L;

        BadMessage(String reason) {
            super(reason);
        }
    }

    private enum Type { REQUEST_VOTE, REQUEST_VOTE_RESPONSE, APPEND_ENTRIES, APPEND_ENTRIES_RESPONSE, HEARTBEAT,
        HEARTBEAT_RESPONSE, TIMEOUT_NOW, INSTALL_SNAPSHOT }

    static byte[] encode(String datacenter, String fromAddress, Message m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            str(out, datacenter);
            str(out, fromAddress);
            out.writeByte(typeOf(m).ordinal());
            str(out, m.from());
            str(out, m.to());
            out.writeLong(m.term());
            str(out, m.clusterId());
            body(out, m);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Type typeOf(Message m) {
        if (m instanceof RequestVote) {
            return Type.REQUEST_VOTE;
        } else if (m instanceof RequestVoteResponse) {
            return Type.REQUEST_VOTE_RESPONSE;
        } else if (m instanceof AppendEntries) {
            return Type.APPEND_ENTRIES;
        } else if (m instanceof AppendEntriesResponse) {
            return Type.APPEND_ENTRIES_RESPONSE;
        } else if (m instanceof Heartbeat) {
            return Type.HEARTBEAT;
        } else if (m instanceof HeartbeatResponse) {
            return Type.HEARTBEAT_RESPONSE;
        } else if (m instanceof TimeoutNow) {
            return Type.TIMEOUT_NOW;
        }
        return Type.INSTALL_SNAPSHOT;
    }

    private static void body(DataOutputStream out, Message m) throws IOException {
        if (m instanceof RequestVote v) {
            out.writeLong(v.lastLogIndex());
            out.writeLong(v.lastLogTerm());
            out.writeBoolean(v.preVote());
            out.writeBoolean(v.leadershipTransfer());
        } else if (m instanceof RequestVoteResponse r) {
            out.writeBoolean(r.preVote());
            out.writeBoolean(r.granted());
        } else if (m instanceof AppendEntries a) {
            out.writeLong(a.prevIndex());
            out.writeLong(a.prevTerm());
            out.writeLong(a.leaderCommit());
            out.writeInt(a.entries().size());
            for (Entry e : a.entries()) {
                out.writeLong(e.index());
                out.writeLong(e.term());
                out.writeByte(e.type().ordinal());
                out.writeInt(e.data().length);
                out.write(e.data());
            }
        } else if (m instanceof AppendEntriesResponse r) {
            out.writeBoolean(r.success());
            out.writeLong(r.matchIndex());
            out.writeLong(r.rejectedIndex());
            out.writeLong(r.hintIndex());
            out.writeLong(r.hintTerm());
        } else if (m instanceof Heartbeat h) {
            out.writeLong(h.commitIndex());
            out.writeLong(h.sentTick());
            out.writeLong(h.readRound());
        } else if (m instanceof HeartbeatResponse h) {
            out.writeLong(h.sentTick());
            out.writeLong(h.readRound());
        } else if (m instanceof InstallSnapshot s) {
            out.writeLong(s.metadata().index());
            out.writeLong(s.metadata().term());
            byte[] config = ConfigurationCodec.encode(s.metadata().configuration());
            out.writeInt(config.length);
            out.write(config);
            str(out, s.dataReference());
        }
    }

    static Envelope decode(byte[] bytes) throws BadMessage {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new BadMessage("unknown raft wire version " + version);
            }
            String dc = str(in);
            String fromAddress = str(in);
            int t = in.readUnsignedByte();
            if (t >= Type.values().length) {
                throw new BadMessage("unknown raft message type " + t);
            }
            Type type = Type.values()[t];
            String from = str(in);
            String to = str(in);
            long term = in.readLong();
            String clusterId = str(in);
            Message m = switch (type) {
                case REQUEST_VOTE -> new RequestVote(from, to, term, clusterId, in.readLong(), in.readLong(),
                        in.readBoolean(), in.readBoolean());
                case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, clusterId, in.readBoolean(),
                        in.readBoolean());
                case APPEND_ENTRIES -> appendEntries(in, from, to, term, clusterId, bytes.length);
                case APPEND_ENTRIES_RESPONSE -> new AppendEntriesResponse(from, to, term, clusterId, in.readBoolean(),
                        in.readLong(), in.readLong(), in.readLong(), in.readLong());
                case HEARTBEAT -> new Heartbeat(from, to, term, clusterId, in.readLong(), in.readLong(), in.readLong());
                case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, clusterId, in.readLong(),
                        in.readLong());
                case TIMEOUT_NOW -> new TimeoutNow(from, to, term, clusterId);
                case INSTALL_SNAPSHOT -> {
                    long index = in.readLong();
                    long snapTerm = in.readLong();
                    byte[] config = blob(in, bytes.length);
                    yield new InstallSnapshot(from, to, term, clusterId,
                            new SnapshotMetadata(index, snapTerm, ConfigurationCodec.decode(config)), str(in));
                }
            };
            if (in.available() != 0) {
                throw new BadMessage(in.available() + " trailing bytes after a " + type + " message");
            }
            return new Envelope(dc, fromAddress, m);
        } catch (EOFException e) {
            throw new BadMessage("truncated raft message");
        } catch (IOException | RuntimeException e) {
            // record constructors validate every field: a message that breaks their rules is malformed
            throw new BadMessage("malformed raft message: " + e.getMessage());
        }
    }

    private static AppendEntries appendEntries(DataInputStream in, String from, String to, long term, String clusterId,
            int total) throws IOException, BadMessage {
        long prevIndex = in.readLong();
        long prevTerm = in.readLong();
        long commit = in.readLong();
        int n = in.readInt();
        // each entry takes at least 21 bytes, so a count beyond what is left is a lie
        if (n < 0 || n > MAX_ENTRIES || (long) n * 21 > in.available()) {
            throw new BadMessage("append entries count " + n + " does not fit the message");
        }
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long index = in.readLong();
            long entryTerm = in.readLong();
            int type = in.readUnsignedByte();
            if (type >= EntryType.values().length) {
                throw new BadMessage("unknown entry type " + type);
            }
            entries.add(new Entry(index, entryTerm, EntryType.values()[type], blob(in, total)));
        }
        return new AppendEntries(from, to, term, clusterId, prevIndex, prevTerm, entries, commit);
    }

    private static byte[] blob(DataInputStream in, int total) throws IOException, BadMessage {
        int length = in.readInt();
        if (length < 0 || length > in.available() || length > total) {
            throw new BadMessage("blob of " + length + " bytes does not fit the message");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) {
            throw new IllegalArgumentException("string of " + b.length + " bytes in a raft message");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException, BadMessage {
        int n = in.readUnsignedShort();
        if (n > MAX_STRING || n > in.available()) {
            throw new BadMessage("string of " + n + " bytes does not fit the message");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
