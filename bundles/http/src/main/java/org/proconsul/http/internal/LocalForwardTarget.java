package org.proconsul.http.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.LocalConnector;
import org.proconsul.api.rpc.RpcCall;
import org.proconsul.api.rpc.RpcException;
import org.proconsul.api.rpc.RpcHandler;

/**
 * Serves requests client agents forward ({@code http.forward}) through this server's own endpoints: the
 * request goes into an in-memory Jetty connector, so it meets exactly the handlers a local request meets,
 * blocking queries included, and no thread waits for the answer: the connection closing (HTTP/1.0) is
 * the signal that the answer is complete. Cancelling the call closes the in-memory connection.
 */
final class LocalForwardTarget implements RpcHandler, Connection.Listener {
    private final LocalConnector connector;
    private final Map<EndPoint, CompletableFuture<byte[]>> open = new ConcurrentHashMap<>();

    LocalForwardTarget(LocalConnector connector) {
        this.connector = connector;
        connector.addEventListener(this);
    }

    @Override
    public CompletableFuture<byte[]> handle(RpcCall call) {
        ForwardedRequest request;
        try {
            request = ForwardedRequest.decode(call.request());
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(new RpcException("rpc: bad forwarded request: " + e.getMessage()));
        }
        LocalConnector.LocalEndPoint endPoint = connector.connect();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        open.put(endPoint, answer);
        answer.whenComplete((r, failure) -> {
            if (failure != null) {
                open.remove(endPoint);
                endPoint.close();
            }
        });
        endPoint.addInputAndExecute(ByteBuffer.wrap(request.toHttp10()));
        return answer;
    }

    @Override
    public void onOpened(Connection connection) {
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        CompletableFuture<byte[]> answer = open.remove(endPoint);
        if (answer != null) {
            ByteBuffer out = ((LocalConnector.LocalEndPoint) endPoint).takeOutput();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            answer.complete(bytes);
        }
    }
}
