package org.proconsul.api.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Everything an agent holds for its node: the node, its services and its checks (with current status
 * and output). A server brings the catalog in line with it ({@link NodeSync}).
 */
public record NodeState(CatalogNode node, List<CatalogService> services, List<HealthCheck> checks) {
    public NodeState {
        Objects.requireNonNull(node);
        services = List.copyOf(services);
        checks = List.copyOf(checks);
    }
}
