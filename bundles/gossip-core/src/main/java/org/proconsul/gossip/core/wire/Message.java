package org.proconsul.gossip.core.wire;

import java.util.List;
import java.util.Map;

/**
 * Every message the gossip layer exchanges. SWIM messages (ping .. dead) follow memberlist's meaning; intents,
 * queries and query responses are the serf layer's; push/pull carries both layers' full state over a stream.
 */
public sealed interface Message {

    MessageType type();

    /** Direct probe; {@code target} lets a node that reused an address reject pings meant for its predecessor. */
    record Ping(int seq, String target, String sourceNode, String sourceAddress) implements Message {
        public MessageType type() {
            return MessageType.PING;
        }
    }

    /** Asks the receiver to ping {@code target} for the sender and relay the ack (or a nack on timeout). */
    record IndirectPing(int seq, String target, String targetAddress, boolean wantNack, String sourceNode,
            String sourceAddress) implements Message {
        public MessageType type() {
            return MessageType.INDIRECT_PING;
        }
    }

    record Ack(int seq, String fromNode) implements Message {
        public MessageType type() {
            return MessageType.ACK;
        }
    }

    /** Sent by an indirect prober that got no ack in time: proves the path to the prober works (Lifeguard). */
    record Nack(int seq) implements Message {
        public MessageType type() {
            return MessageType.NACK;
        }
    }

    record Suspect(long incarnation, String node, String from) implements Message {
        public MessageType type() {
            return MessageType.SUSPECT;
        }
    }

    record Alive(long incarnation, String node, String address, Map<String, String> tags, Versions versions)
            implements Message {
        public Alive {
            tags = Map.copyOf(tags);
        }

        public MessageType type() {
            return MessageType.ALIVE;
        }
    }

    /** Declares {@code node} dead; when {@code from} equals {@code node} it is a graceful leave. */
    record Dead(long incarnation, String node, String from) implements Message {
        public MessageType type() {
            return MessageType.DEAD;
        }
    }

    /** Full state exchange over a stream; {@code join} marks the first exchange of a joining node. */
    record PushPull(boolean join, List<NodeState> nodes, long memberLamportTime, long queryLamportTime)
            implements Message {
        public PushPull {
            nodes = List.copyOf(nodes);
        }

        public MessageType type() {
            return MessageType.PUSH_PULL;
        }
    }

    /** Several already-encoded messages in one datagram; never nested. */
    record Compound(List<Message> parts) implements Message {
        public Compound {
            parts = List.copyOf(parts);
        }

        public MessageType type() {
            return MessageType.COMPOUND;
        }
    }

    /** A serf member intent ordered by the member Lamport clock; {@code prune} only on leave (force-leave -prune). */
    record Intent(IntentKind kind, long lamportTime, String node, boolean prune) implements Message {
        public MessageType type() {
            return MessageType.INTENT;
        }
    }

    enum IntentKind {
        JOIN,
        LEAVE
    }

    /**
     * A serf query. {@code relayFactor} (0..{@link WireCodec#MAX_RELAY_FACTOR}) asks each responder to send its
     * response through that many other members as well, so that it arrives despite a lossy path to the asker.
     */
    record Query(long lamportTime, int id, String fromNode, String fromAddress, boolean wantAck, int relayFactor,
            long timeoutMillis, String name, byte[] payload) implements Message {
        public MessageType type() {
            return MessageType.QUERY;
        }
    }

    record QueryResponse(long lamportTime, int id, String fromNode, boolean ack, byte[] payload) implements Message {
        public MessageType type() {
            return MessageType.QUERY_RESPONSE;
        }
    }

    /** Asks the receiver to pass {@code response} on to the query's asker at {@code toAddress} (serf's relay). */
    record Relay(String toAddress, QueryResponse response) implements Message {
        public MessageType type() {
            return MessageType.RELAY;
        }
    }
}
