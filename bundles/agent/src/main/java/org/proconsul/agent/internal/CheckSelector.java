package org.proconsul.agent.internal;

import java.util.List;
import java.util.Map;

import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.check.CheckSpec;

/**
 * Which check type a definition asks for. A {@code Type} field names any installed type; otherwise the
 * fields Consul uses decide, in the order Consul tests them, so a definition that Consul reads as an HTTP
 * check is one here too.
 */
final class CheckSelector {
    /** Consul's type names, each with the fields that select it. */
    private static final List<Map.Entry<String, List<String>>> BY_FIELD = List.of(
            Map.entry("grpc", List.of("GRPC")),
            Map.entry("http", List.of("HTTP")),
            Map.entry("ttl", List.of("TTL")),
            Map.entry("tcp", List.of("TCP")),
            Map.entry("udp", List.of("UDP")),
            Map.entry("alias", List.of("AliasNode", "AliasService")),
            Map.entry("docker", List.of("DockerContainerID")),
            Map.entry("script", List.of("Args", "ScriptArgs")),
            Map.entry("h2ping", List.of("H2PING")),
            Map.entry("os_service", List.of("OSService")));

    /** Consul's answer to a definition naming no type at all: it takes it for a TTL check without a TTL. */
    static final String NO_TYPE = "TTL must be > 0 for TTL checks";

    private CheckSelector() {
    }

    /** The type name, or empty when the definition asks for none. */
    static String select(CheckDefinition definition) {
        if (!definition.type().isEmpty()) {
            return definition.type();
        }
        if (definition.ttl() != null) {
            return "ttl";
        }
        CheckSpec spec = definition.spec();
        for (Map.Entry<String, List<String>> type : BY_FIELD) {
            for (String field : type.getValue()) {
                if (present(spec.parameter(field))) {
                    return type.getKey();
                }
            }
        }
        return "";
    }

    private static boolean present(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }
}
