package org.proconsul.cli.command;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.GoText;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul keyring}: one action on the gossip encryption keyring through {@code /v1/operator/keyring}:
 * {@code -list}/{@code -list-primary} (GET), {@code -install} (POST), {@code -use} (PUT), {@code -remove}
 * (DELETE), the key sent as {@code {"Key":"…"}}. Each action first prints its {@code ==> …} line; writes
 * print nothing more on success. Any failure, including a node that did not answer (a 500 listing the
 * failing pools and nodes), prints {@code error: …} and exits 1.
 */
public final class KeyringCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    private static final String PATH = "/v1/operator/keyring";
    private static final int MAX_RELAY_FACTOR = 5;

    public KeyringCommand(Io io) {
        super(io, ExtraFlags.NONE);
        flags.string(CMD, "install", "", "string", "Add this key to the keyring of every member.");
        flags.bool(CMD, "list", false, "Show every installed key and on how many members it is.");
        flags.bool(CMD, "list-primary", false,
                "Show the primary keys, the ones messages are encrypted with, and on how many members.");
        flags.bool(CMD, "local-only", false,
                "With -list, ask only the servers of the local datacenter; no WAN traffic.");
        // Go's int flag; kept as text here and parsed with Go's rules in relayFactor().
        flags.string(CMD, "relay-factor", "0", "int",
                "Have every node send its answer through this many other randomly chosen nodes as well "
                        + "(0 to 5), for answers that may get lost on the way.");
        flags.string(CMD, "remove", "", "string", "Remove this key from every member. It must not be the primary key.");
        flags.string(CMD, "use", "", "string",
                "Make this already installed key the primary key, used to encrypt messages.");
    }

    @Override
    public String synopsis() {
        return "Manages the gossip encryption keys";
    }

    @Override
    protected String usageText() {
        return "Usage: consul keyring [options]\n"
                + "\n"
                + "  Shows and changes the keys that encrypt gossip traffic. Rotating a key\n"
                + "  takes three steps, each applied to every member of the LAN and WAN pools:\n"
                + "\n"
                + "      $ consul keyring -install NEW_KEY\n"
                + "      $ consul keyring -use NEW_KEY\n"
                + "      $ consul keyring -remove OLD_KEY\n"
                + "\n"
                + "  The request must reach a server. Exactly one action is taken per run; the\n"
                + "  exit code is 0 only when every member answered without error.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        Long relay = relayFactor();
        if (relay == null) {
            return 1;
        }
        boolean list = flags.getBool("list");
        boolean listPrimary = flags.getBool("list-primary");
        String install = flags.getString("install");
        String use = flags.getString("use");
        String remove = flags.getString("remove");
        int actions = (list ? 1 : 0) + (listPrimary ? 1 : 0) + (install.isEmpty() ? 0 : 1) + (use.isEmpty() ? 0 : 1)
                + (remove.isEmpty() ? 0 : 1);
        if (actions == 0) {
            io.error(help());
            return 1;
        }
        if (actions > 1) {
            io.error("Only a single action is allowed");
            return 1;
        }
        if (relay < 0 || relay > MAX_RELAY_FACTOR) {
            io.error("Error parsing relay factor: Relay factor must be in range: [0, " + MAX_RELAY_FACTOR + "]");
            return 1;
        }
        boolean localOnly = flags.getBool("local-only");
        if (localOnly && !list) {
            io.error("Error validating local-only: local-only can only be set for list requests");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        Map<String, String> params = new HashMap<>();
        if (relay != 0) {
            params.put("relay-factor", Long.toString(relay));
        }
        if (list || listPrimary) {
            if (localOnly) {
                params.put("local-only", "true");
            }
            return list(client, params, listPrimary);
        }
        if (!install.isEmpty()) {
            return write(client, params, "POST", "Installing new gossip encryption key...", install);
        }
        if (!use.isEmpty()) {
            return write(client, params, "PUT", "Changing primary gossip encryption key...", use);
        }
        return write(client, params, "DELETE", "Removing gossip encryption key...", remove);
    }

    private int list(ConsulHttpClient client, Map<String, String> params, boolean primaryOnly) {
        io.info(primaryOnly ? "==> Gathering installed primary encryption keys..."
                : "==> Gathering installed encryption keys...");
        HttpResponse r = sendOnce(client, "error: ", "GET", PATH, params, null);
        if (r == null) {
            return 1;
        }
        List<KeyringPool> pools;
        try {
            pools = KeyringPool.decode(r.body());
        } catch (ConsulApiException e) {
            io.error("error: " + e.getMessage());
            return 1;
        }
        for (KeyringPool pool : pools) {
            io.info(pool.format(primaryOnly));
        }
        return 0;
    }

    private int write(ConsulHttpClient client, Map<String, String> params, String method, String step, String key) {
        io.info("==> " + step);
        byte[] body = ("{\"Key\":" + GoJson.quote(key) + "}\n").getBytes(StandardCharsets.UTF_8);
        return sendOnce(client, "error: ", method, PATH, params, body) == null ? 1 : 0;
    }

    /**
     * {@code -relay-factor} as Go's int flag parses it ({@code strconv.ParseInt(s, 0, 64)}); on a bad value
     * prints Go's flag error and the help, and returns null. The range is checked later, as Consul does.
     */
    private Long relayFactor() {
        String s = flags.getString("relay-factor");
        boolean negative = s.startsWith("-");
        String digits = negative || s.startsWith("+") ? s.substring(1) : s;
        String problem = GoText.parseUintProblem(digits);
        if (problem == null) {
            long magnitude = GoText.parseUint(digits);
            if (Long.compareUnsigned(magnitude, negative ? Long.MIN_VALUE : Long.MAX_VALUE) <= 0) {
                return negative ? -magnitude : magnitude;
            }
            problem = "value out of range";
        }
        io.error("invalid value " + GoText.quote(s) + " for flag -relay-factor: " + problem);
        io.error(help());
        return null;
    }
}
