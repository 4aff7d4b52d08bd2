package org.proconsul.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.proconsul.api.raft.ReadPermit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response: the single place that writes bodies, Consul's headers and error
 * texts. Exactly one {@code send*} call completes it; later calls are ignored (a blocking query's
 * timeout and wake-up may race).
 */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String path;
    private final Fields query;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean bodyConsumed;
    private boolean pretty;

    Exchange(Request request, Response response, Callback callback, String path, Fields query, boolean pretty) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.path = path;
        this.query = query;
        this.pretty = pretty || query.get("pretty") != null;
    }

    Request request() {
        return request;
    }

    String method() {
        return request.getMethod();
    }

    /** The decoded path below the API root, e.g. {@code /v1/kv/a/b}. */
    String path() {
        return path;
    }

    Fields query() {
        return query;
    }

    boolean has(String param) {
        return query.get(param) != null;
    }

    String param(String name) {
        return query.getValue(name);
    }

    boolean pretty() {
        return pretty;
    }

    /** Called once the request body has been read to its end (see {@link #send}). */
    void bodyConsumed() {
        bodyConsumed = true;
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Consul's read headers: index (never 0), whether a leader is known, and the last contact. */
    void readHeaders(long index, ReadPermit.Granted permit) {
        header("X-Consul-Index", Long.toUnsignedString(Math.max(1, index)));
        header("X-Consul-KnownLeader", Boolean.toString(permit.knownLeader()));
        header("X-Consul-LastContact", Long.toString(permit.lastContactMs()));
        header("X-Consul-Effective-Consistency", switch (permit.effective()) {
            case STALE -> "stale";
            case CONSISTENT -> "consistent";
            default -> "leader";
        });
    }

    void sendJson(int status, Json.Body body) {
        byte[] bytes;
        try {
            bytes = Json.render(pretty, body);
        } catch (HttpError e) {
            sendError(e); // a filter naming a field the answer does not have
            return;
        } catch (RuntimeException e) {
            sendError(new HttpError(500, "failed to encode response: " + e.getMessage()));
            return;
        }
        send(status, "application/json", bytes);
    }

    void sendJson(Json.Body body) {
        sendJson(200, body);
    }

    void sendBoolean(boolean value) {
        sendJson(g -> g.writeBoolean(value));
    }

    /** 200 with an empty body and no Content-Type, as Consul's handlers that return nothing. */
    void sendEmpty(int status) {
        send(status, null, new byte[0]);
    }

    void sendText(int status, String text) {
        send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void sendError(HttpError error) {
        sendText(error.status(), error.getMessage());
    }

    /** Any unexpected failure: logged once with the request, answered as Consul's generic 500. */
    void sendFailure(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof HttpError e) {
            sendError(e);
            return;
        }
        if (cause instanceof org.proconsul.api.raft.RaftRefusedException refused) {
            sendError(ApiContext.toHttp(refused.error()));
            return;
        }
        if (cause instanceof org.proconsul.api.session.SessionService.SessionRefusedException refused) {
            sendError(new HttpError(500, refused.getMessage()));
            return;
        }
        LOG.error("http: request failed method={} path={}", method(), path, cause);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        sendText(500, message.lines().findFirst().orElse(message));
    }

    void send(int status, String contentType, byte[] body) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        boolean unreadBody = !bodyConsumed
                && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
        if (unreadBody) {
            // Answered before the body was read (a bad flag, a value over the limit): read the rest and throw
            // it away first, up to a bound, so the client finishes sending and then reads our answer; closing
            // on unread bytes makes the kernel reset the connection and the answer is lost.
            BodyDrain.drain(request, DRAIN_LIMIT_BYTES).whenComplete((drained, failure) ->
                    write(status, contentType, body, true));
            return;
        }
        write(status, contentType, body, false);
    }

    /** How much of an unread body is discarded before answering; past it the connection is just closed. */
    private static final long DRAIN_LIMIT_BYTES = 64L << 20;

    private void write(int status, String contentType, byte[] body, boolean close) {
        response.setStatus(status);
        if (close) {
            // the client must not send another request on this connection: what followed could be left-overs
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The request body as a blocking stream; read it on a thread that may block, never a Jetty callback. */
    java.io.InputStream bodyStream() {
        bodyConsumed = true;
        return org.eclipse.jetty.io.Content.Source.asInputStream(request);
    }

    /** Writes a body of unknown length; the caller blocks while it writes. */
    @FunctionalInterface
    interface BodyWriter {
        void write(java.io.OutputStream out) throws java.io.IOException;
    }

    /**
     * Answers {@code status} with a streamed body, written by {@code body} on the calling thread (one that
     * may block). A failure after the first bytes cannot change the status any more: the response is
     * aborted, so the client sees a broken transfer instead of a truncated success.
     */
    void sendStream(int status, String contentType, BodyWriter body) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        try (java.io.OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response)) {
            body.write(out);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("http: streamed response aborted method={} path={}: {}", method(), path, e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    boolean isDone() {
        return done.get();
    }
}
