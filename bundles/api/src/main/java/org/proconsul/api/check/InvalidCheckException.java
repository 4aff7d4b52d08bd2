package org.proconsul.api.check;

/** A definition a type cannot run; the message is Consul's text for the problem. */
public final class InvalidCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCheckException(String message) {
        super(message);
    }
}
