package org.proconsul.api.agent;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.proconsul.api.check.CheckSpec;

/**
 * A check registered with the local agent. {@code type} names the {@link org.proconsul.api.check.CheckType}
 * that runs it; empty lets the agent pick it from the fields Consul uses ({@code TTL}, {@code HTTP},
 * {@code TCP}, {@code Args} …). {@code status} is the initial status (critical when empty, as Consul starts
 * a check). {@code parameters} holds the definition's type-specific fields under Consul's names.
 * {@code successBeforePassing}, {@code failuresBeforeWarning} and {@code failuresBeforeCritical} are how many
 * results in a row it takes to move to passing, warning or critical (0 and 1 mean at once; a zero
 * {@code failuresBeforeWarning} follows {@code failuresBeforeCritical}).
 */
public record CheckDefinition(String id, String name, String serviceId, String notes, String status, String type,
        Duration interval, Duration timeout, Duration ttl, Duration deregisterCriticalServiceAfter,
        int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical, boolean fromConfigFile,
        Map<String, Object> parameters) {

    public CheckDefinition {
        Objects.requireNonNull(id);
        name = name == null ? "" : name;
        serviceId = serviceId == null ? "" : serviceId;
        notes = notes == null ? "" : notes;
        status = status == null ? "" : status;
        type = type == null ? "" : type;
        parameters = Map.copyOf(parameters);
    }

    /** A TTL check: its status comes from pass/warn/fail/update calls. */
    public static CheckDefinition ttl(String id, String name, String serviceId, Duration ttl) {
        return new CheckDefinition(id, name, serviceId, "", "", "ttl", null, null, ttl, null, 0, 0, 0, false,
                Map.of());
    }

    /** The same definition with its type chosen. */
    public CheckDefinition withType(String chosen) {
        return new CheckDefinition(id, name, serviceId, notes, status, chosen, interval, timeout, ttl,
                deregisterCriticalServiceAfter, successBeforePassing, failuresBeforeWarning, failuresBeforeCritical,
                fromConfigFile, parameters);
    }

    /** The definition as its type sees it. */
    public CheckSpec spec() {
        return new CheckSpec(id, serviceId, type, interval, timeout, ttl, fromConfigFile, parameters);
    }
}
