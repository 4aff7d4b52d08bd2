package org.proconsul.cli.command;

import java.util.List;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;

/**
 * {@code consul leave}: the agent leaves the cluster gracefully and shuts down ({@code PUT /v1/agent/leave}).
 * Stray arguments are refused with the help on stdout, as Consul prints it there.
 */
public final class LeaveCommand extends HttpClientCommand {

    public LeaveCommand(Io io) {
        super(io, ExtraFlags.NONE);
    }

    @Override
    public String synopsis() {
        return "Leaves the cluster gracefully and stops the agent";
    }

    @Override
    protected String usageText() {
        return "Usage: consul leave [options]\n"
                + "\n"
                + "  Makes the agent announce its departure to the cluster, so that it is\n"
                + "  marked left rather than failed, and then shut down.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> rest = flags.args();
        if (!rest.isEmpty()) {
            io.error("Error found unexpected args: [" + String.join(" ", rest) + "]");
            io.info(help());
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null || sendOnce(client, "Error leaving: ", "PUT", "/v1/agent/leave", null, null) == null) {
            return 1;
        }
        io.info("Graceful leave complete");
        return 0;
    }
}
