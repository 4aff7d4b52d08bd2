package org.proconsul.api.agent;

import java.util.List;

import org.proconsul.api.catalog.CatalogService;

/** A service registered with the local agent, with the checks defined along with it. */
public record ServiceDefinition(CatalogService service, List<CheckDefinition> checks) {
    public ServiceDefinition {
        checks = List.copyOf(checks);
    }
}
