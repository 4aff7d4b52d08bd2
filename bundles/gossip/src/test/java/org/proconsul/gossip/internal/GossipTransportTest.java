package org.proconsul.gossip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/** Real UDP and TCP sockets on loopback: what is sealed with a known key arrives, everything else is counted and dropped. */
class GossipTransportTest {
    private static final String KEY_A = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String KEY_B = "AAAAAAAAAAAAAAAAAAAAAA==";

    private static final class Inbox implements GossipTransport.Receiver {
        final LinkedBlockingQueue<String> packets = new LinkedBlockingQueue<>();

        @Override
        public void packet(InetSocketAddress from, byte[] payload) {
            packets.add(new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public byte[] stream(InetSocketAddress from, byte[] request) {
            return ("re:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static GossipTransport transport(Keyring ring, Inbox inbox) throws Exception {
        GossipTransport t = new GossipTransport(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ring,
                new PacketCipher("dc1"), inbox, Duration.ofSeconds(2), new DropLog("lan", System::nanoTime));
        t.start();
        return t;
    }

    private static Keyring ring(String key) throws Exception {
        return key == null ? Keyring.disabled() : Keyring.of(List.of(Keyring.decodeKey(key)));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The transport closes a bad stream without answering; a reset is as good as an end here. */
    private static void readUntilClosed(Socket s) throws java.io.IOException {
        try {
            s.getInputStream().read();
        } catch (java.net.SocketException reset) {
            // closed with our bytes unread: the kernel answers with a reset
        }
    }

    @Test
    void packetsAndStreamsArriveWithTheSameKeyAndInTheClear() throws Exception {
        for (String key : new String[] {null, KEY_A}) {
            Inbox inbox = new Inbox();
            try (GossipTransport a = transport(ring(key), new Inbox()); GossipTransport b = transport(ring(key), inbox)) {
                a.sendPacket(b.localAddress(), "ping".getBytes(StandardCharsets.UTF_8));
                assertEquals("ping", inbox.packets.poll(5, TimeUnit.SECONDS));
                byte[] reply = a.request(b.localAddress(), "pushpull".getBytes(StandardCharsets.UTF_8))
                        .get(5, TimeUnit.SECONDS);
                assertArrayEquals("re:pushpull".getBytes(StandardCharsets.UTF_8), reply);
            }
        }
    }

    @Test
    void aMemberWithTheWrongKeyCannotTalkToThePool() throws Exception {
        Inbox inbox = new Inbox();
        try (GossipTransport stranger = transport(ring(KEY_B), new Inbox());
                GossipTransport member = transport(ring(KEY_A), inbox)) {
            stranger.sendPacket(member.localAddress(), "ping".getBytes(StandardCharsets.UTF_8));
            await(() -> member.dropped().getOrDefault("packet: no installed keys could decrypt the message", 0L) == 1,
                    "the packet is counted as undecryptable");
            assertThrows(ExecutionException.class,
                    () -> stranger.request(member.localAddress(), "join".getBytes(StandardCharsets.UTF_8))
                            .get(5, TimeUnit.SECONDS));
            assertTrue(inbox.packets.isEmpty());
        }
    }

    @Test
    void garbageAndOversizedInputIsCountedNeverDelivered() throws Exception {
        Inbox inbox = new Inbox();
        try (GossipTransport member = transport(ring(KEY_A), inbox)) {
            InetSocketAddress at = member.localAddress();
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                byte[] junk = new byte[300];
                new java.util.Random(3).nextBytes(junk);
                udp.send(new java.net.DatagramPacket(junk, junk.length, at));
                udp.send(new java.net.DatagramPacket(new byte[3], 3, at));
                udp.send(new java.net.DatagramPacket(new byte[9000], 9000, at));
            }
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                readUntilClosed(s);
            }
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(0x5047);
                out.writeInt(Integer.MAX_VALUE);
                out.flush();
                readUntilClosed(s);
            }
            await(() -> member.dropped().values().stream().mapToLong(Long::longValue).sum() >= 5,
                    "five drops, saw " + member.dropped());
            assertEquals(1L, member.dropped().get("inbound packet too large"));
            assertEquals(1L, member.dropped().get("stream without gossip framing"));
            assertEquals(1L, member.dropped().get("stream frame too large"));
            assertTrue(inbox.packets.isEmpty());
        }
    }
}
