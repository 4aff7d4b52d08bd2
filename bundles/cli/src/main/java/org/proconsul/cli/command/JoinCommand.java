package org.proconsul.cli.command;

import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;

/**
 * {@code consul join [options] ADDR...}: asks the agent to join each address in turn
 * ({@code PUT /v1/agent/join/ADDR}, {@code ?wan=1} with {@code -wan}). A failed address is reported and
 * skipped; the command fails only when none could be joined.
 */
public final class JoinCommand extends HttpClientCommand {

    public JoinCommand(Io io) {
        super(io, ExtraFlags.PARTITION);
        flags.bool(GoFlagSet.Group.COMMAND, "wan", false,
                "Join through the WAN pool: a server joining servers of other datacenters.");
    }

    @Override
    public String synopsis() {
        return "Asks the agent to join a cluster";
    }

    @Override
    protected String usageText() {
        return "Usage: consul join [options] address ...\n"
                + "\n"
                + "  Makes a running agent join a cluster through one or more of its members,\n"
                + "  given as host or host:port of their gossip address.\n"
                + "\n"
                + "      $ consul join 10.0.0.11 10.0.0.12\n"
                + "      $ consul join -wan 192.0.2.10";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> addresses = flags.args();
        if (addresses.isEmpty()) {
            return usageError("At least one address to join must be specified.");
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        Map<String, String> params = flags.getBool("wan") ? Map.of("wan", "1") : Map.of();
        int joined = 0;
        try (client) {
            for (String address : addresses) {
                try {
                    requireOk(client, "PUT", "/v1/agent/join/" + address, params, null);
                    joined++;
                } catch (ConsulApiException e) {
                    io.error("Error joining address '" + address + "': " + e.getMessage());
                }
            }
        }
        if (joined == 0) {
            io.error("Failed to join any nodes.");
            return 1;
        }
        io.info("Successfully joined cluster by contacting " + joined + " nodes.");
        return 0;
    }
}
