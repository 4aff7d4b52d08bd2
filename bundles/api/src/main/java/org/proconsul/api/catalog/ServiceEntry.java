package org.proconsul.api.catalog;

import java.util.List;

/** One instance of a service with its node and the checks that bear on it (node checks and its own). */
public record ServiceEntry(CatalogNode node, CatalogService service, List<HealthCheck> checks) {
    public ServiceEntry {
        checks = List.copyOf(checks);
    }

    /** The worst status of its checks; passing when it has none. */
    public String aggregatedStatus() {
        String status = HealthCheck.PASSING;
        for (HealthCheck c : checks) {
            status = HealthCheck.worse(status, c.status());
        }
        return status;
    }
}
