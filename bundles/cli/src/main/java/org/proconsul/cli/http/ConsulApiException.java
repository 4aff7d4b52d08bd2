package org.proconsul.cli.http;

/**
 * A failed call to the agent, worded like the Go {@code api} package's error: either an unexpected HTTP
 * status ({@code Unexpected response code: 500 (No cluster leader)}) or a transport failure
 * ({@code Get "http://127.0.0.1:8500/v1/kv/k": dial tcp 127.0.0.1:8500: connect: connection refused}).
 */
public final class ConsulApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ConsulApiException(String message) {
        this(message, 0);
    }

    public ConsulApiException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status that caused the failure, or 0 when no response was received. */
    public int status() {
        return status;
    }

    static ConsulApiException unexpectedStatus(HttpResponse r) {
        return new ConsulApiException("Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")",
                r.status());
    }
}
