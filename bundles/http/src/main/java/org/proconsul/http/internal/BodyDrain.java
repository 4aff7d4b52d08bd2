package org.proconsul.http.internal;

import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads and discards what is left of a request body, without blocking and without keeping it: completes
 * with true at the end of the body, false when the limit was passed or the read failed.
 */
final class BodyDrain implements Runnable {
    private final Request request;
    private final long limit;
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();
    private long seen;

    private BodyDrain(Request request, long limit) {
        this.request = request;
        this.limit = limit;
    }

    static CompletableFuture<Boolean> drain(Request request, long limit) {
        BodyDrain drain = new BodyDrain(request, limit);
        drain.run();
        return drain.result;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                chunk.release();
                result.complete(false);
                return;
            }
            seen += chunk.getByteBuffer().remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                result.complete(true);
                return;
            }
            if (seen > limit) {
                result.complete(false);
                return;
            }
        }
    }
}
