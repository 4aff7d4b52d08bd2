package org.proconsul.api.session;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The leader's session TTL timers. A session with a TTL ends when neither a renewal nor a new leader
 * re-armed its timer within twice its TTL, as Consul allows.
 */
@ProviderType
public interface SessionTimers {

    /**
     * Renews a session on the leader: its timer starts again. Completes with the session, empty when it
     * does not exist; fails with {@link IllegalStateException} when this server is not the leader.
     */
    CompletableFuture<Optional<Session>> renew(String id);
}
