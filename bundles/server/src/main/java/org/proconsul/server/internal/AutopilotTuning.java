package org.proconsul.server.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.time.GoDuration;

/**
 * What an operator's edit of the {@code org.proconsul.autopilot} PID changes. Raft holds the settings, so
 * an edit is the keys whose values differ from the last edit this server submitted (its baseline), laid
 * over whatever is stored now; a restart that delivers the same file again changes nothing, and a value
 * set with {@code set-config} since stays. Pure functions, so the rules are tested without a framework.
 */
final class AutopilotTuning {
    static final List<String> KEYS = List.of("cleanupDeadServers", "lastContactThreshold", "maxTrailingLogs",
            "minQuorum", "serverStabilizationTime", "redundancyZoneTag", "disableUpgradeMigration",
            "upgradeVersionTag");

    private AutopilotTuning() {
    }

    /** The autopilot keys of a Config Admin dictionary, as text; other keys (service.pid, …) are dropped. */
    static Map<String, String> settingsOf(Map<String, ?> properties) {
        Map<String, String> out = new TreeMap<>();
        for (String key : KEYS) {
            Object v = properties.get(key);
            if (v != null) {
                out.put(key, String.valueOf(v).trim());
            }
        }
        return out;
    }

    /** The keys of {@code current} whose value is not the baseline's (a key removed from the file is no edit). */
    static Map<String, String> changes(Map<String, String> baseline, Map<String, String> current) {
        Map<String, String> out = new LinkedHashMap<>();
        current.forEach((k, v) -> {
            if (!v.equals(baseline.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code base} with {@code changes} applied; a value that cannot be used throws with the key and why. */
    static AutopilotConfiguration overlay(AutopilotConfiguration base, Map<String, String> changes) {
        boolean cleanup = base.cleanupDeadServers();
        Duration lastContact = base.lastContactThreshold();
        long maxTrailing = base.maxTrailingLogs();
        long minQuorum = base.minQuorum();
        Duration stabilization = base.serverStabilizationTime();
        String zoneTag = base.redundancyZoneTag();
        boolean noMigration = base.disableUpgradeMigration();
        String versionTag = base.upgradeVersionTag();
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "cleanupDeadServers" -> cleanup = bool(e.getKey(), v);
                case "lastContactThreshold" -> lastContact = duration(e.getKey(), v);
                case "maxTrailingLogs" -> maxTrailing = count(e.getKey(), v);
                case "minQuorum" -> minQuorum = count(e.getKey(), v);
                case "serverStabilizationTime" -> stabilization = duration(e.getKey(), v);
                case "redundancyZoneTag" -> zoneTag = v;
                case "disableUpgradeMigration" -> noMigration = bool(e.getKey(), v);
                case "upgradeVersionTag" -> versionTag = v;
                default -> throw new IllegalArgumentException(e.getKey() + ": not an autopilot setting");
            }
        }
        return new AutopilotConfiguration(cleanup, lastContact, maxTrailing, minQuorum, stabilization, zoneTag,
                noMigration, versionTag);
    }

    private static boolean bool(String key, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(key + ": \"" + v + "\" is not true or false");
    }

    private static Duration duration(String key, String v) {
        Duration d = GoDuration.parseOrNull(v);
        if (d == null) {
            throw new IllegalArgumentException(key + ": \"" + v + "\" is not a duration (for example 200ms or 10s)");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + ": \"" + v + "\" must not be negative");
        }
        return d;
    }

    private static long count(String key, String v) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": \"" + v + "\" is not a whole number");
        }
        if (n < 0) {
            throw new IllegalArgumentException(key + ": \"" + v + "\" must not be negative");
        }
        return n;
    }
}
