package org.proconsul.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;

import org.proconsul.cli.GoJson;
import org.proconsul.cli.GoText;
import org.proconsul.cli.http.ConsulApiException;

/**
 * Autopilot's settings as {@code /v1/operator/autopilot/configuration} sends them, kept as the JSON
 * values they came in (durations as Go duration strings) in Consul's field order.
 */
final class AutopilotSettings {
    static final String PATH = "/v1/operator/autopilot/configuration";
    /** The printed fields, in Consul's order; the indexes follow them in the JSON. */
    static final String[] FIELDS = {"CleanupDeadServers", "LastContactThreshold", "MaxTrailingLogs", "MinQuorum",
        "ServerStabilizationTime", "RedundancyZoneTag", "DisableUpgradeMigration", "UpgradeVersionTag"};

    private final Map<String, Object> values = new LinkedHashMap<>();

    private AutopilotSettings() {
    }

    static AutopilotSettings parse(byte[] body) throws ConsulApiException {
        Object parsed;
        try {
            parsed = GoJson.parseUsingNumber(body);
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException(e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> doc)) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(parsed)
                    + " into Go value of type api.AutopilotConfiguration");
        }
        AutopilotSettings s = new AutopilotSettings();
        for (String field : FIELDS) {
            s.values.put(field, doc.get(field));
        }
        s.values.put("CreateIndex", doc.get("CreateIndex"));
        s.values.put("ModifyIndex", doc.get("ModifyIndex"));
        return s;
    }

    Object get(String field) {
        return values.get(field);
    }

    void set(String field, Object value) {
        values.put(field, value);
    }

    /** {@code get-config}'s lines: {@code Name = value}, the two tags quoted as Go's {@code %q}. */
    String lines() {
        StringBuilder b = new StringBuilder();
        for (String field : FIELDS) {
            Object v = values.get(field);
            String shown = field.endsWith("Tag") ? GoText.quote(v == null ? "" : v.toString())
                    : v == null ? "<nil>" : v.toString();
            b.append(field).append(" = ").append(shown).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    /** The settings as a PUT body. */
    String json() {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(GoJson.quote(e.getKey())).append(':');
            Object v = e.getValue();
            // numbers keep the text they came as (GoJson.Number), booleans print as JSON's
            b.append(v instanceof String s ? GoJson.quote(s) : v == null ? "null" : v.toString());
        }
        return b.append('}').toString();
    }

    long modifyIndex() {
        Long index = GoJson.unsigned(values.get("ModifyIndex"));
        return index == null ? 0 : index;
    }
}
