package org.proconsul.cli.command;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul watch -type=TYPE [options] [handler...]}: a blocking query on one view (key, keyprefix,
 * services, nodes, service, checks). Without a handler the current value is printed once as indented JSON;
 * with one, the handler runs with the value on its standard input and {@code CONSUL_INDEX} set, first at
 * once and then every time the view changes, until the command is stopped.
 */
public final class WatchCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    static final String WAIT = "5m";

    public WatchCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.string(CMD, "key", "", "string", "The key to watch (type key).");
        flags.string(CMD, "name", "", "string", "An event name (type event).");
        flags.bool(CMD, "passingonly", false, "Only instances whose checks all pass (type service).");
        flags.string(CMD, "prefix", "", "string", "The key prefix to watch (type keyprefix).");
        flags.string(CMD, "service", "", "string", "The service to watch (types service and checks).");
        flags.bool(CMD, "shell", true, "Run the handler through a shell (sh -c).");
        flags.string(CMD, "state", "", "string", "Check state to watch: any, passing, warning, critical (type checks).");
        flags.string(CMD, "tag", "", "string", "Only instances with this tag (type service).");
        flags.string(CMD, "type", "", "string",
                "What to watch: key, keyprefix, services, nodes, service, checks.");
    }

    @Override
    public String synopsis() {
        return "Watch for changes in Consul";
    }

    @Override
    protected String usageText() {
        return "Usage: consul watch [options] [child...]\n"
                + "\n"
                + "  Watches a view of Consul's data (a key, a prefix, the services, the nodes, one\n"
                + "  service's instances, checks) and runs a handler with its JSON each time it changes;\n"
                + "  without a handler prints the current value once.\n"
                + "\n"
                + "      $ consul watch -type=key -key=app/config ./reload.sh";
    }

    /** The view's path and parameters, or null after printing why the flags do not name one. */
    private Map.Entry<String, Map<String, String>> view() {
        String type = flags.getString("type");
        Map<String, String> params = new HashMap<>();
        switch (type) {
            case "" -> {
                io.error("Error: -type must be specified");
                return null;
            }
            case "key" -> {
                String key = flags.getString("key");
                if (key.isEmpty()) {
                    io.error("Error: Must specify a single key to watch");
                    return null;
                }
                return Map.entry("/v1/kv/" + strip(key), params);
            }
            case "keyprefix" -> {
                params.put("recurse", "");
                return Map.entry("/v1/kv/" + strip(flags.getString("prefix")), params);
            }
            case "services" -> {
                return Map.entry("/v1/catalog/services", params);
            }
            case "nodes" -> {
                return Map.entry("/v1/catalog/nodes", params);
            }
            case "service" -> {
                String service = flags.getString("service");
                if (service.isEmpty()) {
                    io.error("Error: Must specify a single service to watch");
                    return null;
                }
                if (!flags.getString("tag").isEmpty()) {
                    params.put("tag", flags.getString("tag"));
                }
                if (flags.getBool("passingonly")) {
                    params.put("passing", "true");
                }
                return Map.entry("/v1/health/service/" + service, params);
            }
            case "checks" -> {
                String service = flags.getString("service");
                String state = flags.getString("state");
                if (!service.isEmpty() && !state.isEmpty()) {
                    io.error("Error: Cannot specify service and state");
                    return null;
                }
                return service.isEmpty() ? Map.entry("/v1/health/state/" + (state.isEmpty() ? "any" : state), params)
                        : Map.entry("/v1/health/checks/" + service, params);
            }
            case "event" -> {
                io.error("Error: This agent has no user events; watch type \"event\" is not available");
                return null;
            }
            default -> {
                io.error("Error: Unsupported watch type: " + type);
                return null;
            }
        }
    }

    private static String strip(String key) {
        return key.startsWith("/") ? key.substring(1) : key;
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        Map.Entry<String, Map<String, String>> view = view();
        if (view == null) {
            return 1;
        }
        List<String> handler = flags.args();
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        boolean single = flags.getString("type").equals("key");
        try (client) {
            long index = 0;
            String last = null;
            while (true) {
                Map<String, String> params = new HashMap<>(view.getValue());
                params.putAll(consistencyParams());
                if (index > 0) {
                    params.put("index", Long.toUnsignedString(index));
                    params.put("wait", WAIT);
                }
                HttpResponse r;
                try {
                    r = client.send("GET", view.getKey(), params, null, null);
                } catch (ConsulApiException e) {
                    io.error("Error querying Consul agent: " + e.getMessage());
                    return 1;
                }
                if (r.status() != 200 && r.status() != 404) {
                    io.error("Error querying Consul agent: Unexpected response code: " + r.status() + " ("
                            + r.bodyText().strip() + ")");
                    return 1;
                }
                long next = parseIndex(r.header("X-Consul-Index"));
                String json = render(r, single);
                if (handler.isEmpty()) {
                    io.info(json);
                    return 0;
                }
                if (!json.equals(last)) {
                    last = json;
                    int code = runHandler(handler, json, next);
                    if (code < 0) {
                        return 1;
                    }
                }
                // an index that went backwards (a restore, a new leader's view) starts the wait over
                index = next < index ? 0 : next;
            }
        }
    }

    /** The view as the Go api hands it to a handler: a key's entry as one object, anything else as served. */
    private static String render(HttpResponse r, boolean single) {
        if (r.status() == 404) {
            return single ? "null" : "[]";
        }
        Object doc;
        try {
            doc = GoJson.parseUsingNumber(r.body());
        } catch (GoJson.JsonException e) {
            return r.bodyText();
        }
        if (doc instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> && single) {
            return GoJson.indent(kvPair((Map<?, ?>) list.get(0)), "    ");
        }
        if (doc instanceof List<?> list && list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.containsKey("LockIndex"))) {
            List<Object> pairs = new ArrayList<>();
            list.forEach(o -> pairs.add(kvPair((Map<?, ?>) o)));
            return GoJson.indent(pairs, "    ");
        }
        return GoJson.indent(doc, "    ");
    }

    /** A KV entry in the field order of the Go api's KVPair. */
    private static Map<String, Object> kvPair(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : new String[] {"Key", "CreateIndex", "ModifyIndex", "LockIndex", "Flags", "Value"}) {
            out.put(field, m.get(field));
        }
        out.put("Session", m.get("Session") == null ? "" : m.get("Session"));
        return out;
    }

    private static long parseIndex(String header) {
        try {
            return header == null ? 0 : Long.parseUnsignedLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs the handler with the JSON on stdin; its exit code, or -1 when it could not start. */
    private int runHandler(List<String> handler, String json, long index) {
        List<String> command = flags.getBool("shell") ? List.of("sh", "-c", String.join(" ", handler)) : handler;
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("CONSUL_INDEX", Long.toUnsignedString(index));
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // the handler need not read its input
            }
            int code = p.waitFor();
            if (code != 0) {
                io.error("Error executing handler: exit status " + code);
            }
            return code;
        } catch (java.io.IOException e) {
            io.error("Error executing handler: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
