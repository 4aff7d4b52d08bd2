package org.proconsul.rpc.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.proconsul.api.rpc.RpcException;

/**
 * One client connection to a server's call channel. Calls share it, each with its own id; a reader thread
 * completes them as replies arrive. When the connection breaks every call on it fails at once and the
 * pool opens a new one for the next call.
 */
final class CallConnection implements AutoCloseable {
    private final String address;
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final int maxFrameBytes;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile boolean broken;

    private CallConnection(String address, Socket socket, int maxFrameBytes) throws IOException {
        this.address = address;
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 65536));
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
    }

    static CallConnection open(String address, InetSocketAddress target, Duration connectTimeout, int maxFrameBytes)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, (int) connectTimeout.toMillis());
            CallConnection c = new CallConnection(address, socket, maxFrameBytes);
            c.out.write(Frames.CALL_CHANNEL);
            c.out.flush();
            Thread reader = new Thread(c::readLoop, "rpc-call-" + address);
            reader.setDaemon(true);
            reader.start();
            return c;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    boolean usable() {
        return !broken;
    }

    CompletableFuture<byte[]> call(String service, byte[] request, Duration timeout) {
        long id = nextId.getAndIncrement();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, failure) -> {
            pending.remove(id);
            if (failure instanceof CancellationException || failure instanceof TimeoutException) {
                sendQuietly(CallFrame.cancel(id));
            }
        });
        try {
            write(CallFrame.request(id, service, timeout.toMillis(), request));
        } catch (IOException e) {
            fail("rpc error making call: " + address + ": " + e.getMessage());
        }
        if (broken && !reply.isDone()) {
            // the connection failed between our put and our write: nobody will sweep this call any more
            pending.remove(id);
            reply.completeExceptionally(new RpcException("rpc error: connection to " + address + " lost"));
        }
        return reply;
    }

    private void write(CallFrame frame) throws IOException {
        synchronized (out) {
            Frames.write(out, frame.encode());
            out.flush();
        }
    }

    private void sendQuietly(CallFrame frame) {
        if (broken) {
            return;
        }
        try {
            write(frame);
        } catch (IOException e) {
            fail("rpc error: connection to " + address + " lost: " + e.getMessage());
        }
    }

    private void readLoop() {
        try {
            byte[] bytes;
            while ((bytes = Frames.read(in, maxFrameBytes)) != null) {
                CallFrame frame = CallFrame.decode(bytes);
                CompletableFuture<byte[]> f = pending.remove(frame.callId());
                if (f == null) {
                    continue; // cancelled or timed out meanwhile
                }
                switch (frame.kind()) {
                    case REPLY -> f.complete(frame.body());
                    case ERROR -> f.completeExceptionally(new RpcException(frame.errorMessage()));
                    default -> throw new Frames.BadFrame("a server sent a " + frame.kind() + " frame");
                }
            }
            fail("rpc error: " + address + " closed the connection");
        } catch (IOException e) {
            fail("rpc error: connection to " + address + " lost: " + e.getMessage());
        }
    }

    private void fail(String reason) {
        broken = true;
        RpcException e = new RpcException(reason);
        for (Long id : pending.keySet()) {
            CompletableFuture<byte[]> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
        close();
    }

    @Override
    public void close() {
        broken = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
