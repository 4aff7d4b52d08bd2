package org.proconsul.cli.command;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.GoText;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul operator autopilot state [-format=pretty|json]}: autopilot's view of the servers from
 * {@code /v1/operator/autopilot/state}, in Consul's layout (labels padded to one column, servers by id).
 */
public final class OperatorAutopilotStateCommand extends HttpClientCommand {
    private static final String PATH = "/v1/operator/autopilot/state";

    public OperatorAutopilotStateCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
        flags.string(GoFlagSet.Group.COMMAND, "format", "pretty", "string", "Output format {pretty|json}");
    }

    @Override
    public String synopsis() {
        return "Display the current Autopilot state";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator autopilot state [options]\n"
                + "\n"
                + "  Displays autopilot's view of every server: health, vote, replication figures.";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        String format = flags.getString("format");
        Map<String, String> params = consistencyParams();
        if (format.equals("json")) {
            params.put("pretty", "");
        }
        HttpResponse r = sendOnce(client, "Error querying Autopilot state: ", "GET", PATH, params, null);
        if (r == null) {
            return 1;
        }
        if (format.equals("json")) {
            io.info(r.bodyText().stripTrailing());
            return 0;
        }
        if (!format.equals("pretty")) {
            io.error("Unknown format: " + format);
            return 1;
        }
        try {
            io.info(pretty(r.body()));
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error querying Autopilot state: " + e.getMessage());
            return 1;
        }
    }

    static String pretty(byte[] body) throws ConsulApiException {
        Object parsed;
        try {
            parsed = GoJson.parseUsingNumber(body);
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException(e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> state)) {
            throw new ConsulApiException("unexpected autopilot state: " + GoJson.kindOf(parsed));
        }
        StringBuilder b = new StringBuilder();
        b.append("Healthy:                      ").append(text(state.get("Healthy"))).append('\n');
        b.append("Failure Tolerance:            ").append(text(state.get("FailureTolerance"))).append('\n');
        b.append("Optimistic Failure Tolerance: ").append(text(state.get("OptimisticFailureTolerance"))).append('\n');
        b.append("Leader:                       ").append(text(state.get("Leader"))).append('\n');
        b.append("Voters:\n");
        if (state.get("Voters") instanceof List<?> voters) {
            for (Object v : voters) {
                b.append("   ").append(text(v)).append('\n');
            }
        }
        b.append("Servers:\n");
        Map<String, Object> servers = new TreeMap<>();
        if (state.get("Servers") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> servers.put(String.valueOf(k), v));
        }
        for (Map.Entry<String, Object> e : servers.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> s)) {
                continue;
            }
            b.append("   ").append(e.getKey()).append('\n');
            field(b, "Name", s.get("Name"));
            field(b, "Address", s.get("Address"));
            field(b, "Version", s.get("Version"));
            field(b, "Status", s.get("Status"));
            field(b, "Node Type", s.get("NodeType"));
            field(b, "Node Status", s.get("NodeStatus"));
            field(b, "Healthy", s.get("Healthy"));
            field(b, "Last Contact", s.get("LastContact"));
            field(b, "Last Term", s.get("LastTerm"));
            field(b, "Last Index", s.get("LastIndex"));
            if (s.get("Meta") instanceof Map<?, ?> meta && !meta.isEmpty()) {
                b.append("      Meta\n");
                Map<String, Object> sorted = new TreeMap<>();
                meta.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                sorted.forEach((k, v) -> b.append("         ").append(GoText.quote(k)).append(": ")
                        .append(GoText.quote(text(v))).append('\n'));
            }
        }
        return b.toString();
    }

    private static void field(StringBuilder b, String label, Object value) {
        b.append("      ").append(String.format("%-17s", label + ":")).append(text(value)).append('\n');
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }
}
