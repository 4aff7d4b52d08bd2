package org.proconsul.api.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A health check as the catalog holds it. {@code serviceId} empty makes it a node check; {@code status}
 * is {@code passing}, {@code warning} or {@code critical} (Consul's {@code maintenance} reads as critical).
 */
public record HealthCheck(String node, String checkId, String name, String status, String notes, String output,
        String serviceId, String serviceName, List<String> serviceTags, String type, long createIndex,
        long modifyIndex) {

    public static final String PASSING = "passing";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    public HealthCheck {
        Objects.requireNonNull(node);
        Objects.requireNonNull(checkId);
        name = name == null ? "" : name;
        status = status == null || status.isEmpty() ? CRITICAL : status;
        notes = notes == null ? "" : notes;
        output = output == null ? "" : output;
        serviceId = serviceId == null ? "" : serviceId;
        serviceName = serviceName == null ? "" : serviceName;
        serviceTags = List.copyOf(serviceTags == null ? List.of() : serviceTags);
        type = type == null ? "" : type;
    }

    public HealthCheck withIndexes(long create, long modify) {
        return new HealthCheck(node, checkId, name, status, notes, output, serviceId, serviceName, serviceTags, type,
                create, modify);
    }

    /** The worst of two statuses, as Consul aggregates them: critical over warning over passing. */
    public static String worse(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(String status) {
        return switch (status) {
            case PASSING -> 0;
            case WARNING -> 1;
            default -> 2;
        };
    }
}
