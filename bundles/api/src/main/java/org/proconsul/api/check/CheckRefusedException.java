package org.proconsul.api.check;

/**
 * A valid definition this agent's settings do not allow (a script check without
 * {@code enable_script_checks}); the message is Consul's text. The HTTP API answers 500 with it, as Consul
 * does for refusals that come from the agent rather than from the definition.
 */
public final class CheckRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckRefusedException(String message) {
        super(message);
    }
}
