package org.proconsul.api.session;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates and ends sessions through Raft ({@code /v1/session/create|destroy}); reads go through
 * {@link org.proconsul.api.state.StateStore}. Renewing is the leader's {@link SessionTimers}' business.
 */
@ProviderType
public interface SessionService {

    /**
     * Creates the session; its id is chosen before the write. Completes with the id, or fails with
     * {@link SessionRefusedException} (Consul's text: a missing node or check, a critical check, a bad
     * behavior or TTL) or the Raft error that kept it from being written.
     */
    CompletableFuture<String> create(Session session);

    /** Ends the session as an invalidation does (its behavior applies, lock delay starts); true even when unknown. */
    CompletableFuture<Boolean> destroy(String id);

    /** The outcome of a refused create. */
    final class SessionRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SessionRefusedException(String message) {
            super(message);
        }
    }
}
