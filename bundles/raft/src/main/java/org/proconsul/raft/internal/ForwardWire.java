package org.proconsul.raft.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.proconsul.api.raft.RaftError;
import org.proconsul.api.raft.ReadConsistency;

/**
 * Replies of the two calls a follower makes to its leader: {@code raft.apply} (the request is the
 * command) and {@code raft.read} (the request is one consistency byte). A reply is {@code 0 | index i64}
 * (applied at, or safe to read at, that index) or {@code 1 | kind u8 | text | text} (refused, with the
 * leader's id and address for NotLeader, the reason for StorageFailed).
 */
final class ForwardWire {
    static final String APPLY = "raft.apply";
    static final String READ = "raft.read";
    static final String TRANSFER = "raft.transfer";

    private ForwardWire() {
    }

    /** What the leader answered. */
    sealed interface Reply {
        record At(long index) implements Reply {
        }

        record Refused(RaftError error) implements Reply {
        }
    }

    static byte[] at(long index) {
        return ByteBuffer.allocate(9).put((byte) 0).putLong(index).array();
    }

    static byte[] refused(RaftError error) {
        int kind;
        String a = "";
        String b = "";
        if (error instanceof RaftError.NoLeader) {
            kind = 0;
        } else if (error instanceof RaftError.NotLeader n) {
            kind = 1;
            a = n.leaderId();
            b = n.leaderAddress();
        } else if (error instanceof RaftError.LeadershipLost) {
            kind = 2;
        } else if (error instanceof RaftError.ShuttingDown) {
            kind = 3;
        } else {
            kind = 4;
            a = ((RaftError.StorageFailed) error).reason();
        }
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + 4 + x.length + 4 + y.length).put((byte) 1).put((byte) kind)
                .putInt(x.length).put(x).putInt(y.length).put(y).array();
    }

    static Reply decode(byte[] reply) {
        ByteBuffer b = ByteBuffer.wrap(reply);
        try {
            if (b.get() == 0) {
                return new Reply.At(b.getLong());
            }
            int kind = b.get();
            String x = text(b);
            String y = text(b);
            return new Reply.Refused(switch (kind) {
                case 0 -> new RaftError.NoLeader();
                case 1 -> new RaftError.NotLeader(x, y);
                case 3 -> new RaftError.ShuttingDown();
                case 4 -> new RaftError.StorageFailed(x);
                default -> new RaftError.LeadershipLost();
            });
        } catch (RuntimeException e) {
            // a reply we cannot read: the outcome of the request is unknown
            return new Reply.Refused(new RaftError.LeadershipLost());
        }
    }

    private static String text(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad text length " + n);
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static byte[] readRequest(ReadConsistency consistency) {
        return new byte[] {(byte) consistency.ordinal()};
    }

    static ReadConsistency readConsistency(byte[] request) {
        int i = request.length == 1 ? request[0] : -1;
        return i >= 0 && i < ReadConsistency.values().length ? ReadConsistency.values()[i] : ReadConsistency.CONSISTENT;
    }
}
