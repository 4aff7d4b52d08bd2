package org.proconsul.cli.command;

import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/** {@code consul reload}: has the agent read its configuration files again. */
public final class ReloadCommand extends HttpClientCommand {

    public ReloadCommand(Io io) {
        super(io, ExtraFlags.NONE);
    }

    @Override
    public String synopsis() {
        return "Triggers the agent to reload configuration files";
    }

    @Override
    protected String usageText() {
        return "Usage: consul reload [options]\n"
                + "\n"
                + "  Has the agent read its configuration files again, as SIGHUP does: services and\n"
                + "  checks defined there are replaced; settings that need a restart keep their values.";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        try (client) {
            HttpResponse r = client.send("PUT", "/v1/agent/reload", null, null, null);
            if (r.status() != 200) {
                io.error("Error reloading: Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")");
                return 1;
            }
            io.info("Configuration reload triggered");
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error reloading: " + e.getMessage());
            return 1;
        }
    }
}
