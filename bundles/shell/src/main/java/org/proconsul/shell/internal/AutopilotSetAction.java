package org.proconsul.shell.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.autopilot.AutopilotConfigService;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;

/**
 * {@code consul:autopilot-set [options]}: changes the settings given and keeps the rest, written through
 * Raft with check-and-set on the index read, as {@code consul operator autopilot set-config}.
 */
@Service
@Command(scope = "consul", name = "autopilot-set", description = "Changes autopilot's settings")
public class AutopilotSetAction implements Action {

    @Reference
    StateStore store;

    @Reference
    AutopilotConfigService service;

    @Option(name = "-cleanup-dead-servers", description = "Remove failed servers from Raft: true or false")
    String cleanupDeadServers;

    @Option(name = "-last-contact-threshold", description = "Longest leader silence a healthy server may see (duration)")
    String lastContactThreshold;

    @Option(name = "-max-trailing-logs", description = "Most log entries a healthy server may be behind")
    Long maxTrailingLogs;

    @Option(name = "-min-quorum", description = "Fewest servers autopilot keeps when removing failed ones")
    Long minQuorum;

    @Option(name = "-server-stabilization-time", description = "How long a new server stays healthy before it votes (duration)")
    String serverStabilizationTime;

    @Override
    public Object execute() throws Exception {
        Optional<AutopilotConfigEntry> entry = store.autopilotConfiguration().value();
        if (entry.isEmpty()) {
            System.err.println("Error querying Autopilot configuration: autopilot config not initialized yet");
            return null;
        }
        AutopilotConfiguration c = entry.get().config();
        AutopilotConfiguration changed;
        try {
            changed = new AutopilotConfiguration(
                    cleanupDeadServers == null ? c.cleanupDeadServers() : bool(cleanupDeadServers),
                    duration(lastContactThreshold, c.lastContactThreshold()),
                    maxTrailingLogs == null ? c.maxTrailingLogs() : maxTrailingLogs,
                    minQuorum == null ? c.minQuorum() : minQuorum,
                    duration(serverStabilizationTime, c.serverStabilizationTime()), c.redundancyZoneTag(),
                    c.disableUpgradeMigration(), c.upgradeVersionTag());
        } catch (IllegalArgumentException e) {
            System.err.println("Error setting Autopilot configuration: " + e.getMessage());
            return null;
        }
        String invalid = changed.invalidReason();
        if (invalid != null) {
            System.err.println("Error setting Autopilot configuration: " + invalid);
            return null;
        }
        ConfigWriteResult result = service.set(changed, OptionalLong.of(entry.get().modifyIndex()))
                .get(30, TimeUnit.SECONDS);
        if (result instanceof ConfigWriteResult.Refused) {
            System.err.println("Error setting Autopilot configuration: No cluster leader");
        } else if (((ConfigWriteResult.Done) result).success()) {
            System.out.println("Configuration updated!");
        } else {
            System.out.println("Configuration could not be atomically updated, please try again");
        }
        return null;
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true", "1", "t", "T", "TRUE", "True" -> true;
            case "false", "0", "f", "F", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("invalid boolean value \"" + text + "\"");
        };
    }

    private static Duration duration(String text, Duration unchanged) {
        return text == null ? unchanged : GoDuration.parse(text);
    }
}
