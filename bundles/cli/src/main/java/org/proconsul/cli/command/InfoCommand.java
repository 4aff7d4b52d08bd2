package org.proconsul.cli.command;

import java.util.Map;
import java.util.TreeMap;

import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul info}: the {@code Stats} of {@code /v1/agent/self}, a section per subsystem in name order
 * ({@code agent:}, {@code build:}, {@code consul:}, {@code raft:}, …), each value as {@code \tkey = value}.
 */
public final class InfoCommand extends HttpClientCommand {

    public InfoCommand(Io io) {
        super(io, ExtraFlags.NONE);
    }

    @Override
    public String synopsis() {
        return "Provides debugging information for operators.";
    }

    @Override
    protected String usageText() {
        return "Usage: consul info [options]\n"
                + "\n"
                + "  Shows the agent's own view of itself: build, Raft, gossip and runtime figures,\n"
                + "  one section per subsystem.";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        HttpResponse r = sendOnce(client, "Error querying agent: ", "GET", "/v1/agent/self", Map.of(), null);
        if (r == null) {
            return 1;
        }
        try {
            io.info(format(GoJson.parseObject(r.body())));
            return 0;
        } catch (GoJson.JsonException | RuntimeException e) {
            io.error("Error querying agent: " + e.getMessage());
            return 1;
        }
    }

    static String format(Map<String, Object> self) {
        StringBuilder out = new StringBuilder();
        Object stats = self == null ? null : self.get("Stats");
        if (!(stats instanceof Map<?, ?> sections)) {
            return "";
        }
        for (Map.Entry<String, ?> section : new TreeMap<String, Object>(cast(sections)).entrySet()) {
            out.append(section.getKey()).append(":\n");
            if (section.getValue() instanceof Map<?, ?> values) {
                for (Map.Entry<String, ?> v : new TreeMap<String, Object>(cast(values)).entrySet()) {
                    out.append('\t').append(v.getKey()).append(" = ").append(v.getValue() == null ? "" : v.getValue())
                            .append('\n');
                }
            }
        }
        return out.toString().stripTrailing();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
