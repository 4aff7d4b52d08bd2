package org.proconsul.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without blocking and without buffering past a limit: bytes are counted while
 * they arrive (chunked bodies have no Content-Length), and the read fails as soon as the count passes
 * the limit. The raw bytes are the value: a body is never parsed as form parameters.
 */
final class BodyReader implements Runnable {
    private final Request request;
    private final long limit;
    private final LongFunction<HttpError> tooLarge;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, long limit, LongFunction<HttpError> tooLarge) {
        this.request = request;
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    /** Reads the whole body; {@code tooLarge} builds the error from the byte count seen. */
    static CompletableFuture<byte[]> read(Request request, long limit, LongFunction<HttpError> tooLarge) {
        long declared = request.getLength();
        if (declared > limit) {
            return CompletableFuture.failedFuture(tooLarge.apply(declared));
        }
        BodyReader reader = new BodyReader(request, limit, tooLarge);
        reader.run();
        return reader.result;
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
                Throwable failure = chunk.getFailure();
                chunk.release();
                result.completeExceptionally(new HttpError(400, "failed to read request body: "
                        + (failure == null ? "unknown error" : failure.getMessage())));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int n = bytes.remaining();
            if ((long) buffer.size() + n > limit) {
                long seen = (long) buffer.size() + n;
                chunk.release();
                result.completeExceptionally(tooLarge.apply(seen));
                return;
            }
            byte[] copy = new byte[n];
            bytes.get(copy);
            buffer.write(copy, 0, n);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                result.complete(buffer.toByteArray());
                return;
            }
        }
    }
}
