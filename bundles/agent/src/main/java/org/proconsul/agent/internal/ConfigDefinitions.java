package org.proconsul.agent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.time.GoDuration;

/**
 * The services and checks of the agent's config files, as the launcher wrote them (Consul's snake_case
 * keys, durations as Go strings) into the instance's definitions file. Type fields keep their names with
 * the underscores dropped ({@code tls_skip_verify} becomes {@code tlsskipverify}), which a check type's
 * case-blind lookup reads as {@code TLSSkipVerify}; a {@code parameters} block (Proconsul's extension, for
 * types installed as features) adds its keys as they are.
 */
final class ConfigDefinitions {
    private static final Set<String> COMMON = Set.of("id", "checkid", "name", "serviceid", "notes", "status", "type",
            "interval", "timeout", "ttl", "deregistercriticalserviceafter", "successbeforepassing",
            "failuresbeforewarning", "failuresbeforecritical", "token");

    record Loaded(List<ServiceDefinition> services, List<CheckDefinition> checks, List<String> problems) {
    }

    private ConfigDefinitions() {
    }

    @SuppressWarnings("unchecked")
    static Loaded load(Path file) throws IOException {
        Map<String, Object> doc = new ObjectMapper().readValue(Files.readAllBytes(file), Map.class);
        List<ServiceDefinition> services = new ArrayList<>();
        List<CheckDefinition> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Object o : list(doc.get("services"))) {
            try {
                services.add(service((Map<String, Object>) o));
            } catch (RuntimeException e) {
                problems.add("service " + describe(o) + ": " + e.getMessage());
            }
        }
        for (Object o : list(doc.get("checks"))) {
            try {
                Map<String, Object> m = (Map<String, Object>) o;
                String name = text(m, "name");
                checks.add(check(m, text(m, "service_id"), name, name));
            } catch (RuntimeException e) {
                problems.add("check " + describe(o) + ": " + e.getMessage());
            }
        }
        return new Loaded(services, checks, problems);
    }

    @SuppressWarnings("unchecked")
    private static ServiceDefinition service(Map<String, Object> m) {
        String name = text(m, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Missing service name");
        }
        String id = text(m, "id").isEmpty() ? name : text(m, "id");
        Map<String, Object> weights = m.get("weights") instanceof Map<?, ?> w ? (Map<String, Object>) w : Map.of();
        CatalogService service = new CatalogService(id, name, strings(m.get("tags")), text(m, "address"),
                stringMap(m.get("meta")), (int) number(m, "port"), (int) number(weights, "passing", 1),
                (int) number(weights, "warning", 1), Boolean.TRUE.equals(m.get("enable_tag_override")), 0, 0);
        List<Object> definitions = new ArrayList<>();
        if (m.get("check") instanceof Map<?, ?> one) {
            definitions.add(one);
        }
        definitions.addAll(list(m.get("checks")));
        List<CheckDefinition> checks = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            String fallbackId = "service:" + id + (definitions.size() > 1 ? ":" + (i + 1) : "");
            checks.add(check((Map<String, Object>) definitions.get(i), id, fallbackId, "Service '" + name + "' check"));
        }
        return new ServiceDefinition(service, checks);
    }

    private static CheckDefinition check(Map<String, Object> m, String serviceId, String fallbackId,
            String fallbackName) {
        String id = text(m, "id").isEmpty() ? text(m, "check_id") : text(m, "id");
        String name = text(m, "name");
        Map<String, Object> parameters = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            String key = k.replace("_", "").toLowerCase(Locale.ROOT);
            if (key.equals("parameters") && v instanceof Map<?, ?> own) {
                own.forEach((pk, pv) -> parameters.put(String.valueOf(pk), pv)); // an installed type's settings
            } else if (!COMMON.contains(key) && v != null) {
                parameters.put(key, v);
            }
        });
        return new CheckDefinition(id.isEmpty() ? fallbackId : id, name.isEmpty() ? fallbackName : name, serviceId,
                text(m, "notes"), text(m, "status"), text(m, "type"), duration(m, "interval"), duration(m, "timeout"),
                duration(m, "ttl"), duration(m, "deregister_critical_service_after"),
                (int) number(m, "success_before_passing"), (int) number(m, "failures_before_warning"),
                (int) number(m, "failures_before_critical"), true, parameters);
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static long number(Map<String, Object> m, String key) {
        return number(m, key, 0);
    }

    private static long number(Map<String, Object> m, String key, long fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(v.toString());
    }

    private static Duration duration(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null || v.toString().isEmpty() ? null : GoDuration.parseLenient(v);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object v : list(o)) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static String describe(Object o) {
        if (o instanceof Map<?, ?> m) {
            Object id = m.get("id") != null ? m.get("id") : m.get("name");
            return "\"" + id + "\"";
        }
        return String.valueOf(o);
    }
}
