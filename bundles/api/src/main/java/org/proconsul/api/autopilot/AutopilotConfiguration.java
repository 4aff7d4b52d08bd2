package org.proconsul.api.autopilot;

import java.time.Duration;
import java.util.Objects;

/**
 * Autopilot's settings as Consul names them. They live in the replicated state (one value for the whole
 * datacenter); the agent configuration's {@code autopilot} block only seeds them while none exists.
 * {@code redundancyZoneTag}, {@code disableUpgradeMigration} and {@code upgradeVersionTag} are Consul
 * Enterprise features: kept and shown, never acted on.
 */
public record AutopilotConfiguration(boolean cleanupDeadServers, Duration lastContactThreshold, long maxTrailingLogs,
        long minQuorum, Duration serverStabilizationTime, String redundancyZoneTag, boolean disableUpgradeMigration,
        String upgradeVersionTag) {

    /** Consul's defaults. */
    public static final AutopilotConfiguration DEFAULTS = new AutopilotConfiguration(true, Duration.ofMillis(200),
            250, 0, Duration.ofSeconds(10), "", false, "");

    public AutopilotConfiguration {
        Objects.requireNonNull(lastContactThreshold);
        Objects.requireNonNull(serverStabilizationTime);
        redundancyZoneTag = redundancyZoneTag == null ? "" : redundancyZoneTag;
        upgradeVersionTag = upgradeVersionTag == null ? "" : upgradeVersionTag;
    }

    /** Why the settings cannot be used, or null: the same rules for the API, the CLI and Config Admin. */
    public String invalidReason() {
        if (lastContactThreshold.isNegative()) {
            return "LastContactThreshold must not be negative";
        }
        if (serverStabilizationTime.isNegative()) {
            return "ServerStabilizationTime must not be negative";
        }
        if (maxTrailingLogs < 0) {
            return "MaxTrailingLogs must not be negative";
        }
        if (minQuorum < 0) {
            return "MinQuorum must not be negative";
        }
        return null;
    }
}
