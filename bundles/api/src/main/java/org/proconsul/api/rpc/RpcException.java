package org.proconsul.api.rpc;

/** A call that did not produce a reply; the message is meant for operators and callers alike. */
public final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean maybeDelivered;

    public RpcException(String message) {
        this(message, true);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
        this.maybeDelivered = true;
    }

    /** {@code maybeDelivered = false} when the request provably never left (no connection): safe to retry. */
    public RpcException(String message, boolean maybeDelivered) {
        super(message);
        this.maybeDelivered = maybeDelivered;
    }

    /** False only when the server cannot have seen the request, so sending it again cannot apply it twice. */
    public boolean maybeDelivered() {
        return maybeDelivered;
    }
}
