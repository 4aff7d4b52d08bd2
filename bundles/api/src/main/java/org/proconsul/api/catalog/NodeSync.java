package org.proconsul.api.catalog;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Anti-entropy's server side: compares the catalog's entries for a node with what its agent holds and
 * writes only the differences, removing what the agent does not have (never the leader's serfHealth
 * check or consul service). Registered on servers; a client agent reaches it over server RPC
 * ({@value #RPC_SERVICE}, request and reply {@link CatalogWire#nodeState} and a count). The same server also
 * answers a client agent's read of one node's checks ({@value #NODE_CHECKS_RPC_SERVICE}: the node name in
 * UTF-8, reply {@link CatalogWire#checks}), which alias checks of other nodes use.
 */
@ProviderType
public interface NodeSync {
    String RPC_SERVICE = "catalog.sync";
    String NODE_CHECKS_RPC_SERVICE = "catalog.node-checks";

    /** Completes with the number of writes it made, or fails (no leader). */
    CompletableFuture<Integer> sync(NodeState state);
}
