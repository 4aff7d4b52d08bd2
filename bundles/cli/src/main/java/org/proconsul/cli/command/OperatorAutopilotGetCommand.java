package org.proconsul.cli.command;

import java.util.Map;

import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/** {@code consul operator autopilot get-config}: autopilot's settings, one {@code Name = value} line each. */
public final class OperatorAutopilotGetCommand extends HttpClientCommand {

    public OperatorAutopilotGetCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
    }

    @Override
    public String synopsis() {
        return "Display the current Autopilot configuration";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator autopilot get-config [options]\n"
                + "\n"
                + "  Displays the current Autopilot configuration.";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        Map<String, String> params = consistencyParams();
        HttpResponse r = sendOnce(client, "Error querying Autopilot configuration: ", "GET", AutopilotSettings.PATH,
                params, null);
        if (r == null) {
            return 1;
        }
        try {
            io.info(AutopilotSettings.parse(r.body()).lines());
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error querying Autopilot configuration: " + e.getMessage());
            return 1;
        }
    }
}
