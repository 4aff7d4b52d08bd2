package org.proconsul.cli.command;

import java.util.HashMap;
import java.util.Map;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul maint [-enable|-disable] [-reason R] [-service ID]}: turns maintenance mode on or off for the
 * agent's node or one of its services; without {@code -enable}/{@code -disable} lists what is in maintenance.
 */
public final class MaintCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public MaintCommand(Io io) {
        super(io, ExtraFlags.NONE);
        flags.bool(CMD, "disable", false, "Disable maintenance mode.");
        flags.bool(CMD, "enable", false, "Enable maintenance mode.");
        flags.string(CMD, "reason", "", "string", "Text saying why; shown as the maintenance check's notes.");
        flags.string(CMD, "service", "", "string", "The ID of a service to put in maintenance instead of the node.");
    }

    @Override
    public String synopsis() {
        return "Controls node or service maintenance mode";
    }

    @Override
    protected String usageText() {
        return "Usage: consul maint [options]\n"
                + "\n"
                + "  Places the agent's node, or one of its services, in maintenance mode (a critical\n"
                + "  check keeps it out of healthy answers) or takes it out; without -enable or -disable\n"
                + "  lists the node and services in maintenance.\n"
                + "\n"
                + "      $ consul maint -enable -reason \"kernel upgrade\"\n"
                + "      $ consul maint -disable -service web-1";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        boolean enable = flags.getBool("enable");
        boolean disable = flags.getBool("disable");
        String reason = flags.getString("reason");
        String service = flags.getString("service");
        if (enable && disable) {
            io.error("Only one of -enable or -disable may be provided");
            return 1;
        }
        if (!enable && !reason.isEmpty()) {
            io.error("Reason may only be provided with -enable");
            return 1;
        }
        if (!enable && !disable && !service.isEmpty()) {
            io.error("Service requires either -enable or -disable");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            if (!enable && !disable) {
                return list(client);
            }
            Map<String, String> params = new HashMap<>();
            params.put("enable", Boolean.toString(enable));
            if (!reason.isEmpty()) {
                params.put("reason", reason);
            }
            String path = service.isEmpty() ? "/v1/agent/maintenance" : "/v1/agent/service/maintenance/" + service;
            HttpResponse r = client.send("PUT", path, params, null, null);
            if (r.status() != 200) {
                io.error("Error " + (enable ? "enabling" : "disabling") + " " + (service.isEmpty() ? "node"
                        : "service") + " maintenance: Unexpected response code: " + r.status() + " ("
                        + r.bodyText().strip() + ")");
                return 1;
            }
            String state = enable ? "enabled" : "disabled";
            io.info(service.isEmpty() ? "Node maintenance is now " + state
                    : "Service maintenance is now " + state + " for \"" + service + "\"");
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error: " + e.getMessage());
            return 1;
        }
    }

    /** The node and services in maintenance, from the agent's own checks. */
    private int list(ConsulHttpClient client) throws ConsulApiException {
        HttpResponse r = client.send("GET", "/v1/agent/checks", null, null, null);
        if (r.status() != 200) {
            io.error("Error getting checks: Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")");
            return 1;
        }
        Map<String, Object> checks;
        try {
            checks = GoJson.parseObject(r.body());
        } catch (GoJson.JsonException e) {
            io.error("Error getting checks: " + e.getMessage());
            return 1;
        }
        for (Object o : checks.values()) {
            if (!(o instanceof Map<?, ?> c)) {
                continue;
            }
            String id = String.valueOf(c.get("CheckID"));
            if (id.equals("_node_maintenance")) {
                io.info("Node:");
                io.info("  Name:   " + c.get("Node"));
                io.info("  Reason: " + c.get("Notes"));
                io.info("");
            } else if (id.startsWith("_service_maintenance:")) {
                io.info("Service:");
                io.info("  ID:     " + c.get("ServiceID"));
                io.info("  Reason: " + c.get("Notes"));
                io.info("");
            }
        }
        return 0;
    }
}
