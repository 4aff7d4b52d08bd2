package org.proconsul.api.agent;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A server's graceful departure: it gives up leadership, leaves the gossip pools, and waits, bounded, for
 * the leader to take it out of the Raft configuration. Registered on servers only; a client agent leaves
 * through {@link org.proconsul.api.membership.Membership#leave()} alone.
 */
@ProviderType
public interface ClusterLeave {

    /**
     * Leaves; returns one operator-facing line per step that could not be done gracefully (for example no
     * leader removed this server in time), empty when every step was.
     */
    List<String> leave() throws InterruptedException;
}
