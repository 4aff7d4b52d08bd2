package org.proconsul.cli.command;

import java.util.HashMap;
import java.util.Map;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoText;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul operator raft remove-peer -id=ID | -address=IP:PORT}: removes a server from the Raft
 * configuration through {@code DELETE /v1/operator/raft/peer}, for servers that are gone for good.
 */
public final class OperatorRaftRemovePeerCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public OperatorRaftRemovePeerCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
        flags.string(CMD, "address", "", "string", "The RPC address (IP:port) of the server to remove.");
        flags.string(CMD, "id", "", "string", "The Raft ID of the server to remove.");
    }

    @Override
    public String synopsis() {
        return "Remove a Consul server from the Raft configuration";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator raft remove-peer [options]\n"
                + "\n"
                + "  Removes a server that is gone for good from the Raft configuration, by its\n"
                + "  Raft ID (-id) or its RPC address (-address).";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        String address = flags.getString("address");
        String id = flags.getString("id");
        if (address.isEmpty() && id.isEmpty()) {
            io.error("Error removing peer: an address or id is required for the peer to remove");
            return 1;
        }
        if (!address.isEmpty() && !id.isEmpty()) {
            io.error("Error removing peer: cannot give both an address and id");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        Map<String, String> params = new HashMap<>();
        params.put(address.isEmpty() ? "id" : "address", address.isEmpty() ? id : address);
        HttpResponse r = sendOnce(client, "Error removing peer: ", "DELETE", "/v1/operator/raft/peer", params, null);
        if (r == null) {
            return 1;
        }
        io.info(address.isEmpty() ? "Removed peer with id " + GoText.quote(id)
                : "Removed peer with address " + GoText.quote(address));
        return 0;
    }
}
