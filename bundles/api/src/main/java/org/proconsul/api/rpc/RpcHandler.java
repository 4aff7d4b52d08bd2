package org.proconsul.api.rpc;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers calls for one service; registered with the service property {@value #SERVICE_PROPERTY}. The
 * reply future may complete much later (a parked blocking query); the RPC layer cancels it when the caller
 * cancels or disconnects. Completing exceptionally with {@link RpcException} sends its message back.
 */
@ConsumerType
public interface RpcHandler {
    String SERVICE_PROPERTY = "rpc.service";

    CompletableFuture<byte[]> handle(RpcCall call);
}
