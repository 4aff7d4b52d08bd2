package org.proconsul.shell.internal;

import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.time.GoDuration;

/** Autopilot's settings as {@code consul operator autopilot get-config} prints them. */
final class AutopilotText {

    private AutopilotText() {
    }

    static String lines(AutopilotConfiguration c) {
        return "CleanupDeadServers = " + c.cleanupDeadServers() + "\n"
                + "LastContactThreshold = " + GoDuration.format(c.lastContactThreshold()) + "\n"
                + "MaxTrailingLogs = " + c.maxTrailingLogs() + "\n"
                + "MinQuorum = " + c.minQuorum() + "\n"
                + "ServerStabilizationTime = " + GoDuration.format(c.serverStabilizationTime()) + "\n"
                + "RedundancyZoneTag = " + quote(c.redundancyZoneTag()) + "\n"
                + "DisableUpgradeMigration = " + c.disableUpgradeMigration() + "\n"
                + "UpgradeVersionTag = " + quote(c.upgradeVersionTag()) + "\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
