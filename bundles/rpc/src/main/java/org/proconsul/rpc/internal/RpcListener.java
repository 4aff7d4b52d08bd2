package org.proconsul.rpc.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.proconsul.api.rpc.MessageChannel;
import org.proconsul.api.rpc.MessageListener;
import org.proconsul.api.rpc.RpcCall;
import org.proconsul.api.rpc.RpcException;
import org.proconsul.api.rpc.RpcHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of port 8300: accepts connections, reads the first byte to choose the channel, then
 * serves multiplexed calls or hands one-way messages to the channel's listener. Anything that breaks the
 * protocol closes its connection, is counted and logged; the listener keeps running.
 */
final class RpcListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcListener.class);
    /** A peer that opens a connection and says nothing is dropped after this long. */
    private static final int FIRST_BYTE_TIMEOUT_MILLIS = 10_000;
    /** Servers and client agents keep a few connections each; far more is a misbehaving or hostile peer. */
    private static final int MAX_CONNECTIONS = 1024;

    private final InetSocketAddress bind;
    private final int maxFrameBytes;
    private final Function<String, RpcHandler> handlers;
    private final Function<MessageChannel, MessageListener> listeners;
    private final RefusalLog refusals;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private ExecutorService threads;
    private volatile boolean running;

    RpcListener(InetSocketAddress bind, int maxFrameBytes, Function<String, RpcHandler> handlers,
            Function<MessageChannel, MessageListener> listeners, RefusalLog refusals) {
        this.bind = bind;
        this.maxFrameBytes = maxFrameBytes;
        this.handlers = handlers;
        this.listeners = listeners;
        this.refusals = refusals;
    }

    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(bind, 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("rpc: cannot listen on " + bind.getAddress().getHostAddress() + ":" + bind.getPort()
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rpc-in-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        threads.execute(this::acceptLoop);
        LOG.info("rpc: listening address={}:{}", bind.getAddress().getHostAddress(), port());
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = server.accept();
                if (open.size() >= MAX_CONNECTIONS) {
                    refusals.refused(socket.getInetAddress().getHostAddress() + ":" + socket.getPort(),
                            "more than " + MAX_CONNECTIONS + " open RPC connections");
                    socket.close();
                    continue;
                }
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (running) {
                    LOG.warn("rpc: accept failed: {}", e.getMessage());
                    try {
                        Thread.sleep(100); // out of file descriptors, say: do not spin
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    private void serve(Socket socket) {
        String remote = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(FIRST_BYTE_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
            int first = in.read();
            if (first < 0) {
                return;
            }
            socket.setSoTimeout(0);
            if (first == Frames.CALL_CHANNEL) {
                serveCalls(socket, in, remote);
                return;
            }
            MessageChannel channel = MessageChannel.fromCode(first);
            if (channel == null) {
                refusals.refused(remote, "unknown channel " + first);
                return;
            }
            serveMessages(channel, in, remote);
        } catch (Frames.BadFrame e) {
            refusals.refused(remote, e.getMessage());
        } catch (java.net.SocketTimeoutException e) {
            refusals.refused(remote, "no channel byte within " + FIRST_BYTE_TIMEOUT_MILLIS / 1000 + " s");
        } catch (IOException e) {
            // the peer went away: nothing to tell
        } finally {
            open.remove(socket);
        }
    }

    private void serveMessages(MessageChannel channel, DataInputStream in, String remote) throws IOException {
        byte[] frame;
        while ((frame = Frames.read(in, maxFrameBytes)) != null) {
            MessageListener listener = listeners.apply(channel);
            if (listener == null) {
                refusals.refused(remote, "no listener for channel " + channel);
                continue;
            }
            try {
                listener.receive(remote, frame);
            } catch (RuntimeException e) {
                refusals.refused(remote, channel + " listener failed: " + e);
            }
        }
    }

    private void serveCalls(Socket socket, DataInputStream in, String remote) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 65536));
        Map<Long, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
        try {
            byte[] bytes;
            while ((bytes = Frames.read(in, maxFrameBytes)) != null) {
                CallFrame frame = CallFrame.decode(bytes);
                switch (frame.kind()) {
                    case REQUEST -> dispatch(frame, remote, out, inFlight);
                    case CANCEL -> {
                        CompletableFuture<byte[]> f = inFlight.remove(frame.callId());
                        if (f != null) {
                            f.cancel(false);
                        }
                    }
                    default -> throw new Frames.BadFrame("a client sent a " + frame.kind() + " frame");
                }
            }
        } finally {
            // the caller is gone: stop whatever still works for it (parked queries, waits)
            inFlight.values().forEach(f -> f.cancel(false));
        }
    }

    private void dispatch(CallFrame frame, String remote, DataOutputStream out,
            Map<Long, CompletableFuture<byte[]>> inFlight) {
        RpcHandler handler = handlers.apply(frame.service());
        if (handler == null) {
            reply(out, CallFrame.error(frame.callId(), "rpc: can't find service " + frame.service()), remote);
            return;
        }
        CompletableFuture<byte[]> handled;
        try {
            handled = handler.handle(new RpcCall(remote, frame.service(), frame.body()));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<byte[]> result = handled;
        inFlight.put(frame.callId(), result);
        result.whenComplete((reply, failure) -> {
            if (inFlight.remove(frame.callId()) == null && result.isCancelled()) {
                return;
            }
            if (failure == null && reply != null && reply.length > maxFrameBytes - 64) {
                // a reply the caller would refuse as a bad frame would break every call on its connection
                reply(out, CallFrame.error(frame.callId(), "rpc: reply of " + reply.length
                        + " bytes exceeds the frame limit of " + maxFrameBytes), remote);
            } else if (failure == null) {
                reply(out, CallFrame.reply(frame.callId(), reply == null ? new byte[0] : reply), remote);
            } else if (!(failure instanceof java.util.concurrent.CancellationException)) {
                reply(out, CallFrame.error(frame.callId(), message(failure)), remote);
            }
        });
    }

    private static String message(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof RpcException) {
            return t.getMessage();
        }
        LOG.error("rpc: handler failed", t);
        return "rpc: internal error: " + t.getClass().getSimpleName();
    }

    private void reply(DataOutputStream out, CallFrame frame, String remote) {
        try {
            synchronized (out) {
                Frames.write(out, frame.encode());
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("rpc: reply to {} lost: {}", remote, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
