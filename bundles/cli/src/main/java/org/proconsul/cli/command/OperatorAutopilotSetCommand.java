package org.proconsul.cli.command;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.proconsul.api.time.GoDuration;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoText;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul operator autopilot set-config [flags]}: reads the settings, changes only the flags given,
 * and writes them back with {@code ?cas=} on the index it read, so a concurrent change is not lost.
 */
public final class OperatorAutopilotSetCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    /** flag name, JSON field, kind */
    private static final String[][] SETTINGS = {
        {"cleanup-dead-servers", "CleanupDeadServers", "bool"},
        {"max-trailing-logs", "MaxTrailingLogs", "uint"},
        {"min-quorum", "MinQuorum", "uint"},
        {"last-contact-threshold", "LastContactThreshold", "duration"},
        {"server-stabilization-time", "ServerStabilizationTime", "duration"},
        {"redundancy-zone-tag", "RedundancyZoneTag", "string"},
        {"disable-upgrade-migration", "DisableUpgradeMigration", "bool"},
        {"upgrade-version-tag", "UpgradeVersionTag", "string"},
    };

    public OperatorAutopilotSetCommand(Io io) {
        super(io, ExtraFlags.NONE);
        flags.bool(CMD, "cleanup-dead-servers", false,
                "Whether autopilot removes failed servers from Raft once replacements are in: true or false.");
        flags.uint(CMD, "max-trailing-logs", 0,
                "How many log entries a server may be behind the leader and still count as healthy.");
        flags.uint(CMD, "min-quorum", 0,
                "Fewest servers autopilot keeps: it removes no failed server below this number.");
        flags.string(CMD, "last-contact-threshold", "", "value",
                "Longest time without hearing from the leader that a server may go and still count as "
                        + "healthy, as a duration (e.g. 200ms).");
        flags.string(CMD, "server-stabilization-time", "", "value",
                "How long a new server must stay healthy before autopilot lets it vote, as a duration (e.g. 10s).");
        flags.string(CMD, "redundancy-zone-tag", "", "value",
                "Consul Enterprise: node meta key naming a server's redundancy zone. Stored, not acted on.");
        flags.bool(CMD, "disable-upgrade-migration", false,
                "Consul Enterprise: turn off upgrade migrations. Stored, not acted on.");
        flags.string(CMD, "upgrade-version-tag", "", "value",
                "Consul Enterprise: node meta key holding the version for upgrade migrations. Stored, not acted on.");
    }

    @Override
    public String synopsis() {
        return "Modify the current Autopilot configuration";
    }

    @Override
    protected String usageText() {
        return "Usage: consul operator autopilot set-config [options]\n"
                + "\n"
                + "  Modifies the current Autopilot configuration.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        for (String[] s : SETTINGS) {
            if (s[2].equals("duration") && flags.isSet(s[0])) {
                String value = flags.getString(s[0]);
                try {
                    GoDuration.parse(value);
                } catch (GoDuration.InvalidDurationException e) {
                    io.error("invalid value " + GoText.quote(value) + " for flag -" + s[0] + ": " + e.getMessage());
                    io.error(help());
                    return 1;
                }
            }
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            AutopilotSettings settings;
            try {
                settings = AutopilotSettings.parse(requireOk(client, "GET", AutopilotSettings.PATH, Map.of(), null).body());
            } catch (ConsulApiException e) {
                io.error("Error querying Autopilot configuration: " + e.getMessage());
                return 1;
            }
            for (String[] s : SETTINGS) {
                if (!flags.isSet(s[0])) {
                    continue;
                }
                switch (s[2]) {
                    case "bool" -> settings.set(s[1], flags.getBool(s[0]));
                    case "uint" -> settings.set(s[1],
                            new java.math.BigInteger(Long.toUnsignedString(flags.getUint(s[0]))));
                    default -> settings.set(s[1], flags.getString(s[0]));
                }
            }
            HttpResponse r;
            try {
                r = requireOk(client, "PUT", AutopilotSettings.PATH,
                        Map.of("cas", Long.toUnsignedString(settings.modifyIndex())),
                        settings.json().getBytes(StandardCharsets.UTF_8));
            } catch (ConsulApiException e) {
                io.error("Error setting Autopilot configuration: " + e.getMessage());
                return 1;
            }
            if (!r.bodyText().contains("true")) {
                io.info("Configuration could not be atomically updated, please try again");
                return 1;
            }
            io.info("Configuration updated!");
            return 0;
        }
    }
}
