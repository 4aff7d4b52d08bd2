package org.proconsul.api.catalog;

import java.util.Objects;

/**
 * Consul's catalog deregister request: with neither id the node and everything on it go; with
 * {@code serviceId} that service and its checks; with {@code checkId} that check.
 */
public record Deregistration(String node, String serviceId, String checkId) {
    public Deregistration {
        Objects.requireNonNull(node);
        serviceId = serviceId == null ? "" : serviceId;
        checkId = checkId == null ? "" : checkId;
    }
}
