package org.proconsul.api.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A session as the state store keeps it. {@code ttl} is null for a session without one; {@code behavior}
 * is {@value #RELEASE} or {@value #DELETE}, what happens to the keys it holds when it ends.
 */
public record Session(String id, String name, String node, Duration lockDelay, String behavior, Duration ttl,
        List<String> nodeChecks, List<String> serviceChecks, long createIndex, long modifyIndex) {
    public static final String RELEASE = "release";
    public static final String DELETE = "delete";

    public Session {
        Objects.requireNonNull(id);
        Objects.requireNonNull(node);
        name = name == null ? "" : name;
        lockDelay = lockDelay == null ? Duration.ZERO : lockDelay;
        behavior = behavior == null || behavior.isEmpty() ? RELEASE : behavior;
        nodeChecks = List.copyOf(nodeChecks);
        serviceChecks = List.copyOf(serviceChecks);
    }

    public Session withIndexes(long create, long modify) {
        return new Session(id, name, node, lockDelay, behavior, ttl, nodeChecks, serviceChecks, create, modify);
    }

    /** Every check the session depends on, node and service checks alike (all are checks of its node). */
    public List<String> allChecks() {
        return java.util.stream.Stream.concat(nodeChecks.stream(), serviceChecks.stream()).distinct().toList();
    }
}
