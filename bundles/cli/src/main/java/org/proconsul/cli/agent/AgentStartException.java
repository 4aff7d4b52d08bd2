package org.proconsul.cli.agent;

/** The agent cannot start; the message is printed after {@code ==> } and the process exits with 1. */
final class AgentStartException extends Exception {
    private static final long serialVersionUID = 1L;

    AgentStartException(String message) {
        super(message);
    }

    AgentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
