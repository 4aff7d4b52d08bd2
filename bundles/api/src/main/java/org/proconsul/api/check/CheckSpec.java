package org.proconsul.api.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A check definition as a type sees it: the check's identity, its common timing fields, and every other
 * field of the definition under Consul's name ({@code HTTP}, {@code Method}, {@code Header}, {@code Args},
 * {@code TLSSkipVerify} …) as decoded JSON: String, Long, Double, Boolean, List or Map.
 * {@code interval}, {@code timeout} and {@code ttl} are null when the definition gives none;
 * {@code fromConfigFile} tells a definition of the agent's own config files from one sent over the API.
 */
public record CheckSpec(String checkId, String serviceId, String type, Duration interval, Duration timeout,
        Duration ttl, boolean fromConfigFile, Map<String, Object> parameters) {

    public CheckSpec {
        Objects.requireNonNull(checkId);
        Objects.requireNonNull(type);
        serviceId = serviceId == null ? "" : serviceId;
        parameters = Map.copyOf(parameters);
    }

    /** A field by name, matched without regard to case as Consul's decoder does; null when absent. */
    public Object parameter(String name) {
        Object exact = parameters.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A string field; empty when absent or null. */
    public String text(String name) {
        Object v = parameter(name);
        return v == null ? "" : v.toString();
    }

    public boolean flag(String name) {
        Object v = parameter(name);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }

    /** A list field as strings; empty when absent. */
    public List<String> strings(String name) {
        Object v = parameter(name);
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
