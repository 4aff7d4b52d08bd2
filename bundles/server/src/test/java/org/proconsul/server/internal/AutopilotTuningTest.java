package org.proconsul.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.proconsul.api.autopilot.AutopilotConfiguration;

class AutopilotTuningTest {

    @Test
    void onlyAutopilotKeysAreRead() {
        assertEquals(Map.of("cleanupDeadServers", "false", "minQuorum", "3"), AutopilotTuning.settingsOf(Map.of(
                "service.pid", "org.proconsul.autopilot", "cleanupDeadServers", Boolean.FALSE, "minQuorum", " 3 ",
                "felix.fileinstall.filename", "file:/etc/org.proconsul.autopilot.cfg")));
    }

    @Test
    void aRedeliveredFileIsNoEditAndOnlyChangedKeysAre() {
        Map<String, String> file = Map.of("cleanupDeadServers", "false", "maxTrailingLogs", "500");
        assertEquals(Map.of(), AutopilotTuning.changes(file, file), "a restart delivers the same file: nothing to write");
        assertEquals(file, AutopilotTuning.changes(Map.of(), file), "the first edit writes every key it has");
        assertEquals(Map.of("maxTrailingLogs", "600"), AutopilotTuning.changes(file,
                Map.of("cleanupDeadServers", "false", "maxTrailingLogs", "600")));
        assertEquals(Map.of(), AutopilotTuning.changes(file, Map.of("cleanupDeadServers", "false")),
                "a key removed from the file leaves the stored value alone");
    }

    @Test
    void changesAreLaidOverTheStoredSettings() {
        AutopilotConfiguration stored = new AutopilotConfiguration(true, Duration.ofSeconds(1), 900, 2,
                Duration.ofSeconds(30), "zone", false, "");
        AutopilotConfiguration next = AutopilotTuning.overlay(stored, Map.of("serverStabilizationTime", "45s",
                "cleanupDeadServers", "FALSE"));
        assertEquals(new AutopilotConfiguration(false, Duration.ofSeconds(1), 900, 2, Duration.ofSeconds(45), "zone",
                false, ""), next);
    }

    @Test
    void badValuesNameTheKey() {
        AutopilotConfiguration d = AutopilotConfiguration.DEFAULTS;
        assertEquals("lastContactThreshold: \"banana\" is not a duration (for example 200ms or 10s)",
                assertThrows(IllegalArgumentException.class,
                        () -> AutopilotTuning.overlay(d, Map.of("lastContactThreshold", "banana"))).getMessage());
        assertEquals("serverStabilizationTime: \"-1s\" must not be negative", assertThrows(IllegalArgumentException.class,
                () -> AutopilotTuning.overlay(d, Map.of("serverStabilizationTime", "-1s"))).getMessage());
        assertEquals("maxTrailingLogs: \"-5\" must not be negative", assertThrows(IllegalArgumentException.class,
                () -> AutopilotTuning.overlay(d, Map.of("maxTrailingLogs", "-5"))).getMessage());
        assertEquals("minQuorum: \"two\" is not a whole number", assertThrows(IllegalArgumentException.class,
                () -> AutopilotTuning.overlay(d, Map.of("minQuorum", "two"))).getMessage());
        assertEquals("cleanupDeadServers: \"yes\" is not true or false", assertThrows(IllegalArgumentException.class,
                () -> AutopilotTuning.overlay(d, Map.of("cleanupDeadServers", "yes"))).getMessage());
    }
}
