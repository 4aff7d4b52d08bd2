package org.proconsul.cli.command;

import java.util.List;
import java.util.Map;

import org.proconsul.cli.ColumnFormatter;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul operator raft list-peers}: the servers of the Raft configuration from
 * {@code /v1/operator/raft/configuration}, as the table {@code Node ID Address State Voter RaftProtocol}.
 * {@code -stale} lets any server answer without a leader (the outage-recovery case).
 */
public final class OperatorRaftListPeersCommand extends HttpClientCommand {
    private static final char D = ColumnFormatter.DELIM;

    public OperatorRaftListPeersCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
    }

    @Override
    public String synopsis() {
        return "Display the current Raft peer configuration";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator raft list-peers [options]\n"
                + "\n"
                + "  Displays the servers of the current Raft configuration, which one leads and\n"
                + "  which ones vote.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        if (!flags.args().isEmpty()) {
            return usageError("Too many arguments (expected 0, got " + flags.args().size() + ")");
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        Map<String, String> params = consistencyParams();
        HttpResponse r = sendOnce(client, "Error getting peers: ", "GET", "/v1/operator/raft/configuration",
                params, null);
        if (r == null) {
            return 1;
        }
        try {
            io.info(table(r.body()));
            return 0;
        } catch (ConsulApiException e) {
            io.error("Error getting peers: " + e.getMessage());
            return 1;
        }
    }

    static String table(byte[] body) throws ConsulApiException {
        Map<String, Object> doc;
        try {
            doc = GoJson.parseObject(body);
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException(e.getMessage());
        }
        ColumnFormatter table = new ColumnFormatter();
        table.row("Node" + D + "ID" + D + "Address" + D + "State" + D + "Voter" + D + "RaftProtocol");
        Object servers = doc == null ? null : doc.get("Servers");
        if (servers instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> s)) {
                    continue;
                }
                String state = Boolean.TRUE.equals(s.get("Leader")) ? "leader" : "follower";
                table.row(text(s, "Node") + D + text(s, "ID") + D + text(s, "Address") + D + state + D
                        + Boolean.TRUE.equals(s.get("Voter")) + D + text(s, "ProtocolVersion"));
            }
        }
        return table.format();
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }
}
