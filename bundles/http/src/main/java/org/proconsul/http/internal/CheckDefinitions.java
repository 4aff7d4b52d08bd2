package org.proconsul.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.time.GoDuration;

/**
 * A check definition of {@code /v1/agent/check/register} or a service registration, decoded as Consul's
 * agent decodes it: field names without regard to case, the snake_case spellings Consul also accepts, Go's
 * errors for values of the wrong kind. The fields every check has become {@link CheckDefinition}'s own; the
 * rest (the type's) are passed on under Consul's names for the check type to read.
 */
final class CheckDefinitions {
    /** snake_case spellings Consul translates to its field names. */
    private static final Map<String, String> SNAKE = Map.ofEntries(
            Map.entry("check_id", "CheckID"), Map.entry("service_id", "ServiceID"),
            Map.entry("script_args", "ScriptArgs"), Map.entry("tls_skip_verify", "TLSSkipVerify"),
            Map.entry("tls_server_name", "TLSServerName"), Map.entry("grpc_use_tls", "GRPCUseTLS"),
            Map.entry("alias_node", "AliasNode"), Map.entry("alias_service", "AliasService"),
            Map.entry("disable_redirects", "DisableRedirects"), Map.entry("docker_container_id", "DockerContainerID"),
            Map.entry("deregister_critical_service_after", "DeregisterCriticalServiceAfter"),
            Map.entry("success_before_passing", "SuccessBeforePassing"),
            Map.entry("failures_before_critical", "FailuresBeforeCritical"),
            Map.entry("failures_before_warning", "FailuresBeforeWarning"),
            Map.entry("output_max_size", "OutputMaxSize"), Map.entry("os_service", "OSService"),
            Map.entry("h2ping_use_tls", "H2PingUseTLS"));
    /** Fields every definition has; the rest belong to its type. */
    private static final Set<String> COMMON = Set.of("id", "checkid", "name", "serviceid", "notes", "status", "type",
            "interval", "timeout", "ttl", "deregistercriticalserviceafter", "successbeforepassing",
            "failuresbeforewarning", "failuresbeforecritical");
    private static final Set<String> STRING_FIELDS = Set.of("HTTP", "Method", "Body", "TCP", "UDP", "GRPC",
            "AliasNode", "AliasService", "TLSServerName", "DockerContainerID", "Shell", "H2PING", "OSService");
    private static final Set<String> BOOL_FIELDS = Set.of("TLSSkipVerify", "DisableRedirects", "GRPCUseTLS",
            "H2PingUseTLS");
    private static final Set<String> LIST_FIELDS = Set.of("Args", "ScriptArgs");

    private CheckDefinitions() {
    }

    /**
     * One definition; {@code fallbackId}/{@code fallbackName} apply when it has no ID/Name (an inline service
     * check gets {@code service:ID} and {@code Service 'name' check}).
     */
    static CheckDefinition read(JsonNode raw, String serviceId, String fallbackId, String fallbackName) {
        JsonFields.requireObject(raw, "Check");
        Map<String, JsonNode> fields = canonical(raw);
        String id = text(fields, "CheckID");
        if (id.isEmpty()) {
            id = text(fields, "ID");
        }
        String name = text(fields, "Name");
        String status = text(fields, "Status");
        if (!status.isEmpty() && !List.of(HealthCheck.PASSING, HealthCheck.WARNING, HealthCheck.CRITICAL)
                .contains(status)) {
            throw HttpError.badRequest("Bad check status");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (key.equalsIgnoreCase("Parameters") && value.isObject()) {
                // an installed type's own settings, in a block of their own as in config files
                value.fields().forEachRemaining(f -> {
                    Object v = plain(f.getValue());
                    if (v != null) {
                        parameters.put(f.getKey(), v);
                    }
                });
                return;
            }
            Object typed = COMMON.contains(key.toLowerCase(Locale.ROOT)) ? null : typed(key, value);
            if (typed != null) {
                parameters.put(key, typed);
            }
        });
        String owner = serviceId != null ? serviceId : text(fields, "ServiceID");
        return new CheckDefinition(id.isEmpty() ? fallbackId : id, name.isEmpty() ? fallbackName : name, owner,
                text(fields, "Notes"), status, text(fields, "Type"), duration(fields, "Interval"),
                duration(fields, "Timeout"), duration(fields, "TTL"), duration(fields, "DeregisterCriticalServiceAfter"),
                count(fields, "SuccessBeforePassing"), count(fields, "FailuresBeforeWarning"),
                count(fields, "FailuresBeforeCritical"), false, parameters);
    }

    /** The definition's fields under Consul's names; a later spelling of the same field wins, as in Go. */
    private static Map<String, JsonNode> canonical(JsonNode raw) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>(); // lower-case name → key used in out
        for (var it = raw.fields(); it.hasNext();) {
            var f = it.next();
            String key = SNAKE.getOrDefault(f.getKey().toLowerCase(Locale.ROOT), f.getKey());
            String lower = key.toLowerCase(Locale.ROOT);
            String earlier = seen.put(lower, key);
            if (earlier != null) {
                out.remove(earlier);
            }
            out.put(key, f.getValue());
        }
        return out;
    }

    private static JsonNode field(Map<String, JsonNode> fields, String name) {
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String text(Map<String, JsonNode> fields, String name) {
        JsonNode v = field(fields, name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw wrongKind(v, "string", name);
        }
        return v.asText();
    }

    private static int count(Map<String, JsonNode> fields, String name) {
        JsonNode v = field(fields, name);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongKind(v, "int", name);
        }
        return v.asInt();
    }

    /** A Go duration as a string ("10s") or integer nanoseconds; null when absent. */
    private static Duration duration(Map<String, JsonNode> fields, String name) {
        JsonNode v = field(fields, name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw HttpError.badRequest("Request decode failed: " + name + ": invalid duration");
        }
        try {
            return GoDuration.parseLenient(v.isNumber() ? (Object) v.asLong() : v.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Request decode failed: time: invalid duration \"" + v.asText() + "\"");
        }
    }

    /** A type field as plain Java values, its kind checked where Consul's struct fixes it. */
    private static Object typed(String key, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (STRING_FIELDS.contains(key) && !v.isTextual()) {
            throw wrongKind(v, "string", key);
        }
        if (BOOL_FIELDS.contains(key) && !v.isBoolean()) {
            throw wrongKind(v, "bool", key);
        }
        if (LIST_FIELDS.contains(key)) {
            if (!v.isArray()) {
                throw wrongKind(v, "[]string", key);
            }
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw wrongKind(e, "string", key);
                }
            }
        }
        if (key.equals("Header")) {
            if (!v.isObject()) {
                throw wrongKind(v, "map[string][]string", key);
            }
            for (JsonNode values : v) {
                if (!values.isArray()) {
                    throw wrongKind(values, "[]string", key);
                }
                for (JsonNode e : values) {
                    if (!e.isTextual()) {
                        throw wrongKind(e, "string", key);
                    }
                }
            }
        }
        return plain(v);
    }

    private static Object plain(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(e -> out.add(plain(e)));
            return out;
        }
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.fields().forEachRemaining(f -> out.put(f.getKey(), plain(f.getValue())));
            return out;
        }
        return null;
    }

    private static HttpError wrongKind(JsonNode v, String goType, String field) {
        return HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                + " into Go struct field of type " + goType + " (" + field + ")");
    }
}
