package org.proconsul.gossip.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gossip's two wires on one port: UDP packets (probes, acks, piggybacked broadcasts) and TCP streams
 * (push/pull state exchange, probe fallback), each request answered on its own connection. With a
 * keyring every packet and frame is sealed with AES-GCM; what cannot be opened, is truncated or too
 * large is dropped and counted by reason, never handed on.
 *
 * <p>Frames on TCP: magic {@code 'P' 'G'}, a 4-byte length, then the (sealed) payload.
 */
final class GossipTransport implements AutoCloseable {
    /** memberlist's UDP buffer: larger datagrams risk IP fragmentation. */
    static final int MAX_PACKET_BYTES = 1400;
    /** A whole member list in one push/pull stays far below this. */
    static final int MAX_FRAME_BYTES = 4 << 20;
    private static final short MAGIC = 0x5047;

    /** Where received payloads go. Both methods are called on transport threads and must not block long. */
    interface Receiver {
        void packet(InetSocketAddress from, byte[] payload);

        /** Answers a stream request; the reply is sent back on the same connection. */
        byte[] stream(InetSocketAddress from, byte[] request);
    }

    private final InetSocketAddress bind;
    private final Keyring keyring;
    private final PacketCipher cipher;
    private final Receiver receiver;
    private final Duration streamTimeout;
    private final DropLog dropLog;
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private DatagramChannel udp;
    private ServerSocketChannel tcp;
    private ExecutorService workers;

    GossipTransport(InetSocketAddress bind, Keyring keyring, PacketCipher cipher, Receiver receiver,
            Duration streamTimeout, DropLog dropLog) {
        this.bind = bind;
        this.dropLog = dropLog;
        this.keyring = keyring;
        this.cipher = cipher;
        this.receiver = receiver;
        this.streamTimeout = streamTimeout;
    }

    /** Binds UDP and TCP on the same address and port and starts reading. */
    void start() throws IOException {
        udp = DatagramChannel.open();
        tcp = ServerSocketChannel.open();
        try {
            udp.bind(bind);
            // port 0 (tests): TCP takes the port UDP was given, so both wires share one port as in Consul
            tcp.bind(new InetSocketAddress(bind.getAddress(), ((InetSocketAddress) udp.getLocalAddress()).getPort()), 128);
        } catch (IOException e) {
            close();
            throw new IOException("gossip: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        running.set(true);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gossip-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::readPackets);
        workers.execute(this::acceptStreams);
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) udp.getLocalAddress();
    }

    /** Sends one datagram; a payload too large for one packet is dropped and counted. */
    void sendPacket(InetSocketAddress to, byte[] payload) {
        byte[] wire = seal(payload);
        if (wire.length > MAX_PACKET_BYTES) {
            count("outbound packet too large");
            return;
        }
        try {
            udp.send(ByteBuffer.wrap(wire), to);
        } catch (IOException e) {
            count("send failed");
        }
    }

    /** Sends a request over a new TCP connection and completes with the reply (or fails). */
    CompletableFuture<byte[]> request(InetSocketAddress to, byte[] payload) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        workers.execute(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(to, (int) streamTimeout.toMillis());
                socket.setSoTimeout((int) streamTimeout.toMillis());
                writeFrame(new DataOutputStream(socket.getOutputStream()), seal(payload));
                byte[] wire = readFrame(new DataInputStream(socket.getInputStream()));
                byte[] opened = open(wire, "stream reply", to);
                if (opened == null) {
                    reply.completeExceptionally(new IOException("reply from " + to + " could not be opened"));
                } else {
                    reply.complete(opened);
                }
            } catch (IOException | RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    private void readPackets() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (running.get()) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) udp.receive(buffer);
                buffer.flip();
                if (buffer.remaining() > MAX_PACKET_BYTES + PacketCipher.OVERHEAD) {
                    count("inbound packet too large", from);
                    continue;
                }
                byte[] wire = new byte[buffer.remaining()];
                buffer.get(wire);
                byte[] payload = open(wire, "packet", from);
                if (payload != null) {
                    receiver.packet(from, payload);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                count("packet handling failed: " + e.getClass().getSimpleName());
            }
        }
    }

    private void acceptStreams() {
        while (running.get()) {
            try {
                SocketChannel channel = tcp.accept();
                workers.execute(() -> serve(channel));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                count("accept failed");
            }
        }
    }

    private void serve(SocketChannel channel) {
        InetSocketAddress from = null;
        try (Socket socket = channel.socket()) {
            socket.setSoTimeout((int) streamTimeout.toMillis());
            from = (InetSocketAddress) socket.getRemoteSocketAddress();
            byte[] request = open(readFrame(new DataInputStream(socket.getInputStream())), "stream", from);
            if (request == null) {
                return;
            }
            byte[] reply = receiver.stream(from, request);
            if (reply != null) {
                writeFrame(new DataOutputStream(socket.getOutputStream()), seal(reply));
            }
        } catch (BadFrame e) {
            count(e.getMessage(), from);
        } catch (SocketTimeoutException | EOFException e) {
            count("stream truncated or timed out", from);
        } catch (IOException | RuntimeException e) {
            count("stream handling failed: " + e.getClass().getSimpleName(), from);
        }
    }

    /** A frame that is not ours or too large; the reason is the message. */
    private static final class BadFrame extends IOException {
        private static final long serialVersionUID = 1L;

        BadFrame(String reason) {
            super(reason);
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        if (in.readShort() != MAGIC) {
            throw new BadFrame("stream without gossip framing");
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new BadFrame("stream frame too large");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    private static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
        out.writeShort(MAGIC);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private byte[] seal(byte[] payload) {
        byte[] primary = keyring.primary();
        return primary == null ? payload : cipher.seal(primary, payload);
    }

    private byte[] open(byte[] wire, String what, InetSocketAddress from) {
        if (!keyring.enabled()) {
            return wire;
        }
        PacketCipher.Opened opened = cipher.open(keyring.keys(), wire);
        if (!opened.ok()) {
            count(what + ": " + switch (opened.rejection()) {
                case NO_KEY_MATCHED -> "no installed keys could decrypt the message";
                case TOO_SHORT -> "too short to be encrypted";
                case UNKNOWN_VERSION -> "unknown encryption version";
            }, from);
            return null;
        }
        return opened.plaintext();
    }

    private void count(String reason) {
        dropped.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Counts a drop of something a peer sent, and tells the operator (rate-limited) who sent it and why. */
    private void count(String reason, InetSocketAddress from) {
        count(reason);
        dropLog.dropped(from, reason);
    }

    /** Dropped packets and streams by reason, for logs and tests. */
    Map<String, Long> dropped() {
        Map<String, Long> out = new TreeMap<>();
        dropped.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        running.set(false);
        for (AutoCloseable c : new AutoCloseable[] {udp, tcp}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing is best effort
            }
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
