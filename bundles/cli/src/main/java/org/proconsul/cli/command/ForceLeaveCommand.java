package org.proconsul.cli.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;

/**
 * {@code consul force-leave [options] NODE}: moves a member to the left state
 * ({@code PUT /v1/agent/force-leave/NODE}, {@code ?prune=1} and {@code ?wan=1} from the flags). Prints
 * nothing on success.
 */
public final class ForceLeaveCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;

    public ForceLeaveCommand(Io io) {
        super(io, ExtraFlags.PARTITION);
        flags.bool(CMD, "prune", false, "Also erase the member from the member list at once.");
        flags.bool(CMD, "wan", false, "Act on the WAN pool only.");
    }

    @Override
    public String synopsis() {
        return "Moves a cluster member to the \"left\" state";
    }

    @Override
    protected String usageText() {
        return "Usage: consul force-leave [options] name\n"
                + "\n"
                + "  Marks a member as having left the cluster. Meant for failed nodes that\n"
                + "  will not return: the agents stop trying to reconnect to them. A member\n"
                + "  that is in fact still alive refutes this and stays in the cluster.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> nodes = flags.args();
        if (nodes.size() != 1) {
            return usageError("A single node name must be specified to force leave.");
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        Map<String, String> params = new HashMap<>();
        if (flags.getBool("prune")) {
            params.put("prune", "1");
        }
        if (flags.getBool("wan")) {
            params.put("wan", "1");
        }
        return sendOnce(client, "Error force leaving: ", "PUT", "/v1/agent/force-leave/" + nodes.get(0), params,
                null) == null ? 1 : 0;
    }
}
