package org.proconsul.api.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * A check the local agent runs or is told about: for now TTL checks, whose status comes from
 * {@code pass/warn/fail/update} calls and turns critical when none came within {@code ttl}. {@code status}
 * is the initial status (critical when empty, as Consul starts a TTL check).
 */
public record CheckDefinition(String id, String name, String serviceId, Duration ttl, String notes, String status,
        Duration deregisterCriticalServiceAfter) {

    public CheckDefinition {
        Objects.requireNonNull(id);
        name = name == null ? "" : name;
        serviceId = serviceId == null ? "" : serviceId;
        notes = notes == null ? "" : notes;
        status = status == null ? "" : status;
    }
}
