package org.proconsul.api.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Consul's catalog register request: a node, and optionally one service and checks on it. With
 * {@code skipNodeUpdate} an existing node keeps its address, tagged addresses and meta.
 */
public record Registration(CatalogNode node, CatalogService service, List<HealthCheck> checks,
        boolean skipNodeUpdate) {

    public Registration {
        Objects.requireNonNull(node);
        checks = List.copyOf(checks == null ? List.of() : checks);
    }
}
