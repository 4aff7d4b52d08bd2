package org.proconsul.api.rpc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/** Talks to other servers' RPC listeners ({@code ip:port}). */
@ProviderType
public interface RpcClient {

    /**
     * Calls {@code service} at {@code address}. Completes with the handler's reply, or exceptionally with
     * {@link RpcException} (unreachable, timed out, refused, handler error). Cancelling the returned future
     * cancels the call at the server too.
     */
    CompletableFuture<byte[]> call(String address, String service, byte[] request, Duration timeout);

    /**
     * Sends one message on a one-way channel. Delivery is best effort and in order per (address, channel):
     * a message that cannot be sent is dropped (Raft retries by itself), never queued without bound.
     */
    void send(String address, MessageChannel channel, byte[] message);
}
