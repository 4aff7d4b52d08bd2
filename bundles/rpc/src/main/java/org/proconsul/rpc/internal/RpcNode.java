package org.proconsul.rpc.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.proconsul.api.rpc.MessageChannel;
import org.proconsul.api.rpc.MessageListener;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.rpc.RpcException;
import org.proconsul.api.rpc.RpcHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC listener (when a port is given) and client, with the handlers and channel listeners registered
 * so far. A call for a service nobody handles is answered with an error; a message for a channel nobody
 * listens to is dropped and counted.
 */
final class RpcNode implements RpcClient, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcNode.class);

    private final Map<String, RpcHandler> handlers = new ConcurrentHashMap<>();
    private final Map<MessageChannel, MessageListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, CallConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, MessageSender> senders = new ConcurrentHashMap<>();
    private final RefusalLog refusals = new RefusalLog();
    private final int maxFrameBytes;
    private final Duration connectTimeout;
    private final ExecutorService connectors;
    private final RpcListener listener;

    /** Starts the listener on {@code bind} unless it is null (client agents). */
    RpcNode(InetSocketAddress bind, int maxFrameBytes, Duration connectTimeout) throws IOException {
        this.maxFrameBytes = maxFrameBytes;
        this.connectTimeout = connectTimeout;
        AtomicInteger n = new AtomicInteger();
        this.connectors = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rpc-connect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (bind != null) {
            listener = new RpcListener(bind, maxFrameBytes, handlers::get, listeners::get, refusals);
            try {
                listener.start();
            } catch (IOException e) {
                connectors.shutdownNow();
                throw e;
            }
        } else {
            listener = null;
        }
    }

    void addHandler(String service, RpcHandler handler) {
        handlers.put(service, handler);
    }

    void removeHandler(String service, RpcHandler handler) {
        handlers.remove(service, handler);
    }

    void addListener(MessageChannel channel, MessageListener l) {
        listeners.put(channel, l);
    }

    void removeListener(MessageChannel channel, MessageListener l) {
        listeners.remove(channel, l);
    }

    @Override
    public CompletableFuture<byte[]> call(String address, String service, byte[] request, Duration timeout) {
        if (request.length > maxFrameBytes - 512) {
            return CompletableFuture.failedFuture(new RpcException("rpc: request of " + request.length
                    + " bytes is too large"));
        }
        InetSocketAddress target = socketAddress(address);
        if (target == null) {
            return CompletableFuture.failedFuture(new RpcException("rpc: bad server address " + address));
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<byte[]>> started = CompletableFuture.supplyAsync(() -> {
            try {
                return connection(address, target).call(service, request, timeout);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new RpcException("rpc error making call: dial tcp " + address
                        + ": " + e.getMessage(), false));
            }
        }, connectors);
        started.whenComplete((call, failure) -> {
            if (failure != null) {
                result.completeExceptionally(new RpcException("rpc error making call: " + failure.getMessage()));
                return;
            }
            // cancelling or timing out the caller's future cancels the call on the wire
            result.whenComplete((r, f) -> {
                if (f != null && !call.isDone()) {
                    call.cancel(false);
                }
            });
            call.whenComplete((r, f) -> {
                if (f == null) {
                    result.complete(r);
                } else {
                    result.completeExceptionally(f instanceof RpcException ? f
                            : new RpcException("rpc error making call: " + f.getMessage(), f));
                }
            });
        });
        if (!timeout.isZero() && !timeout.isNegative()) {
            result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        result.whenComplete((r, f) -> {
            if (f instanceof TimeoutException) {
                answer.completeExceptionally(new RpcException(
                        "rpc error making call: " + service + " to " + address + " timed out after " + timeout));
            } else if (f != null) {
                answer.completeExceptionally(f instanceof java.util.concurrent.CompletionException && f.getCause() != null
                        ? f.getCause() : f);
            } else {
                answer.complete(r);
            }
        });
        // the caller cancelling its future cancels the call on the wire too
        answer.whenComplete((r, f) -> {
            if (answer.isCancelled()) {
                result.cancel(false);
            }
        });
        return answer;
    }

    private CallConnection connection(String address, InetSocketAddress target) throws IOException {
        synchronized (connections) {
            CallConnection c = connections.get(address);
            if (c != null && c.usable()) {
                return c;
            }
        }
        CallConnection fresh = CallConnection.open(address, target, connectTimeout, maxFrameBytes);
        synchronized (connections) {
            CallConnection c = connections.get(address);
            if (c != null && c.usable()) {
                fresh.close();
                return c;
            }
            connections.put(address, fresh);
            return fresh;
        }
    }

    @Override
    public void send(String address, MessageChannel channel, byte[] message) {
        if (message.length > maxFrameBytes) {
            LOG.warn("rpc: dropping a {} message of {} bytes to {}: over the frame limit", channel, message.length,
                    address);
            return;
        }
        InetSocketAddress target = socketAddress(address);
        if (target == null) {
            return;
        }
        senders.computeIfAbsent(address + "/" + channel, k -> new MessageSender(address, target, channel))
                .offer(message);
    }

    /** {@code ip:port} to a socket address without a name lookup; null when it is not one. */
    static InetSocketAddress socketAddress(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return null;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535 || !host.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | java.net.UnknownHostException e) {
            return null;
        }
    }

    /** The port the listener bound (tests bind port 0); -1 without a listener. */
    int listenerPort() {
        return listener == null ? -1 : listener.port();
    }

    Map<String, Long> refusalCounts() {
        return refusals.counts();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        connections.values().forEach(CallConnection::close);
        senders.values().forEach(MessageSender::close);
        connectors.shutdownNow();
    }
}
