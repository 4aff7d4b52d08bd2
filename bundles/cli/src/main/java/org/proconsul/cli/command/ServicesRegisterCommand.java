package org.proconsul.cli.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.config.AgentConfig;
import org.proconsul.cli.config.AgentConfigLoader;
import org.proconsul.cli.config.ConfigException;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul services register|deregister}: a service from flags, or every service of definition files
 * (read with the agent's own config parser, so HCL and JSON and Consul's key spellings work as in config
 * files), registered with or removed from the local agent.
 */
public final class ServicesRegisterCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    private final boolean register;

    public ServicesRegisterCommand(Io io, boolean register) {
        super(io, ExtraFlags.NONE);
        this.register = register;
        flags.string(CMD, "id", "", "string", register ? "The service ID; defaults to the name." : "The ID of the service to remove.");
        if (register) {
            flags.string(CMD, "address", "", "string", "The service's address; defaults to the node's.");
            flags.strings(CMD, "meta", "Metadata as key=value; may repeat.");
            flags.string(CMD, "name", "", "string", "The service name.");
            flags.uint(CMD, "port", 0, "The service port.");
            flags.strings(CMD, "tag", "A tag; may repeat.");
        }
    }

    @Override
    public String synopsis() {
        return register ? "Register services with the local agent" : "Deregister services with the local agent";
    }

    @Override
    protected String usageText() {
        return register
                ? "Usage: consul services register [options] [FILE...]\n\n  Registers a service from flags, or the"
                        + " services defined in FILEs, with the local agent."
                : "Usage: consul services deregister [options] [FILE...]\n\n  Removes the service given by -id, or"
                        + " those defined in FILEs, from the local agent.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<Map<String, Object>> services;
        try {
            services = flags.args().isEmpty() ? fromFlags() : fromFiles(flags.args());
        } catch (IllegalArgumentException e) {
            io.error(e.getMessage());
            return 1;
        }
        if (services == null) {
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            for (Map<String, Object> service : services) {
                String name = String.valueOf(service.getOrDefault("name", ""));
                String id = String.valueOf(service.getOrDefault("id", name));
                HttpResponse r = register
                        ? client.send("PUT", "/v1/agent/service/register", null,
                                GoJson.indent(camel(service), "").getBytes(StandardCharsets.UTF_8), "application/json")
                        : client.send("PUT", "/v1/agent/service/deregister/" + id, null, null, null);
                if (r.status() != 200) {
                    io.error("Error " + (register ? "registering service \"" + name : "deregistering service \"" + id)
                            + "\": Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")");
                    return 1;
                }
                io.info(register ? "Registered service: " + name : "Deregistered service: " + id);
            }
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error connecting to Consul agent: " + e.getMessage());
            return 1;
        }
    }

    private List<Map<String, Object>> fromFlags() {
        Map<String, Object> service = new LinkedHashMap<>();
        if (!register) {
            if (flags.getString("id").isEmpty()) {
                io.error("Either a service ID or a configuration file must be specified");
                return null;
            }
            service.put("id", flags.getString("id"));
            return List.of(service);
        }
        if (flags.getString("name").isEmpty()) {
            io.error("Service name must be specified via the -name flag");
            return null;
        }
        service.put("name", flags.getString("name"));
        if (!flags.getString("id").isEmpty()) {
            service.put("id", flags.getString("id"));
        }
        if (!flags.getString("address").isEmpty()) {
            service.put("address", flags.getString("address"));
        }
        if (flags.getUint("port") != 0) {
            service.put("port", flags.getUint("port"));
        }
        if (!flags.getStrings("tag").isEmpty()) {
            service.put("tags", flags.getStrings("tag"));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        for (String kv : flags.getStrings("meta")) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Invalid meta: " + kv + " (expected key=value)");
            }
            meta.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (!meta.isEmpty()) {
            service.put("meta", meta);
        }
        return List.of(service);
    }

    /** The services of definition files, read as config files are (a dev agent's settings fill the rest). */
    private List<Map<String, Object>> fromFiles(List<String> files) {
        List<String> args = new ArrayList<>(List.of("-dev"));
        for (String f : files) {
            args.add("-config-file");
            args.add(f);
        }
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(args, System.getenv(), warning -> { });
        } catch (ConfigException e) {
            io.error("Error: " + e.getMessage());
            return null;
        }
        if (config.services().isEmpty()) {
            io.error("No service definitions found in " + String.join(", ", files));
            return null;
        }
        return config.services();
    }

    /** snake_case keys as the HTTP API's names (the API matches them without regard to case). */
    @SuppressWarnings("unchecked")
    private static Object camel(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                // meta keys are the user's own: keep them as written
                boolean userKeys = key.equals("meta") || key.equals("tagged_addresses") || key.equals("header");
                out.put(camelKey(key), userKeys ? v : camel(v));
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(camel(v)));
            return out;
        }
        return value;
    }

    private static String camelKey(String snake) {
        StringBuilder b = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
