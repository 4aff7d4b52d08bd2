package org.proconsul.cli.command;

import java.util.HashMap;
import java.util.Map;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul operator raft transfer-leader [-id=ID]}: asks the leader to hand leadership to that voter
 * (or to the most up-to-date other voter) through {@code POST /v1/operator/raft/transfer-leader} and prints
 * {@code Success} once another server leads.
 */
public final class OperatorRaftTransferLeaderCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public OperatorRaftTransferLeaderCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
        flags.string(CMD, "id", "", "string", "The ID of the node to transfer leadership to.");
    }

    @Override
    public String synopsis() {
        return "Transfer raft leadership to another node";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator raft transfer-leader [options]\n"
                + "\n"
                + "  Transfer raft leadership to another node.";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        Map<String, String> params = new HashMap<>();
        if (!flags.getString("id").isEmpty()) {
            params.put("id", flags.getString("id"));
        }
        HttpResponse r = sendOnce(client, "Error transferring leadership: ", "POST",
                "/v1/operator/raft/transfer-leader", params, null);
        if (r == null) {
            return 1;
        }
        io.info("Success");
        return 0;
    }
}
