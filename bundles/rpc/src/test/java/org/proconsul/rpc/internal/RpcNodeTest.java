package org.proconsul.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.rpc.MessageChannel;
import org.proconsul.api.rpc.RpcException;

class RpcNodeTest {
    private RpcNode server;
    private RpcNode client;
    private String address;

    @BeforeEach
    void start() throws IOException {
        server = new RpcNode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1 << 20, Duration.ofSeconds(2));
        client = new RpcNode(null, 1 << 20, Duration.ofSeconds(2));
        address = "127.0.0.1:" + server.listenerPort();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable failure(CompletableFuture<byte[]> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void callsAreAnsweredEvenOutOfOrderOnOneConnection() throws Exception {
        CompletableFuture<byte[]> slowReply = new CompletableFuture<>();
        server.addHandler("slow", call -> slowReply);
        server.addHandler("echo", call -> CompletableFuture.completedFuture(call.request()));
        CompletableFuture<byte[]> slow = client.call(address, "slow", bytes("a"), Duration.ofSeconds(10));
        CompletableFuture<byte[]> echo = client.call(address, "echo", bytes("b"), Duration.ofSeconds(10));
        assertArrayEquals(bytes("b"), echo.get(10, TimeUnit.SECONDS));
        slowReply.complete(bytes("late"));
        assertArrayEquals(bytes("late"), slow.get(10, TimeUnit.SECONDS));
    }

    @Test
    void unknownServiceHandlerErrorAndUnreachableServerFailWithReasons() {
        assertEquals("rpc: can't find service nope",
                failure(client.call(address, "nope", new byte[0], Duration.ofSeconds(5))).getMessage());
        server.addHandler("refuse", call -> CompletableFuture.failedFuture(new RpcException("No cluster leader")));
        assertEquals("No cluster leader",
                failure(client.call(address, "refuse", new byte[0], Duration.ofSeconds(5))).getMessage());
        Throwable down = failure(client.call("127.0.0.1:1", "echo", new byte[0], Duration.ofSeconds(5)));
        assertInstanceOf(RpcException.class, down);
        assertTrue(down.getMessage().startsWith("rpc error making call"), down.getMessage());
    }

    @Test
    void aCancelledOrTimedOutCallIsCancelledAtTheServer() throws Exception {
        CompletableFuture<byte[]> parked = new CompletableFuture<>();
        CountDownLatch arrived = new CountDownLatch(1);
        server.addHandler("park", call -> {
            arrived.countDown();
            return parked;
        });
        CompletableFuture<byte[]> call = client.call(address, "park", new byte[0], Duration.ofMillis(300));
        assertTrue(arrived.await(5, TimeUnit.SECONDS));
        Throwable t = failure(call);
        assertTrue(t.getMessage().contains("timed out"), t.getMessage());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!parked.isCancelled() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(parked.isCancelled(), "the server side stopped waiting");
    }

    @Test
    void messagesArriveInOrderOnTheirChannel() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(100);
        server.addListener(MessageChannel.RAFT, (from, m) -> {
            got.add(new String(m, StandardCharsets.UTF_8));
            all.countDown();
        });
        for (int i = 0; i < 100; i++) {
            client.send(address, MessageChannel.RAFT, bytes("m" + i));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            assertEquals("m" + i, got.get(i));
        }
    }

    @Test
    void garbageUnknownChannelsAndHugeFramesCloseOnlyTheirConnection() throws Exception {
        server.addHandler("echo", call -> CompletableFuture.completedFuture(call.request()));
        try (Socket s = new Socket("127.0.0.1", server.listenerPort())) {
            s.getOutputStream().write(new byte[] {99, 1, 2, 3});
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read(), "an unknown channel is closed");
        }
        try (Socket s = new Socket("127.0.0.1", server.listenerPort())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(Frames.CALL_CHANNEL);
            out.writeInt(Integer.MAX_VALUE);
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "an oversized frame is closed");
        }
        try (Socket s = new Socket("127.0.0.1", server.listenerPort())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(Frames.CALL_CHANNEL);
            out.writeInt(3);
            out.write(new byte[] {7, 7, 7});
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "a malformed call frame is closed");
        }
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket("127.0.0.1", server.listenerPort())) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                s.getOutputStream().write(junk);
                s.shutdownOutput();
                s.setSoTimeout(5000);
                while (s.getInputStream().read() >= 0) {
                    // drain whatever comes back until the server closes
                }
            }
        }
        assertTrue(server.refusalCounts().size() >= 3, server.refusalCounts().toString());
        assertArrayEquals(bytes("still here"),
                client.call(address, "echo", bytes("still here"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
    }
}
