package org.proconsul.api.autopilot;

/** The stored autopilot settings with the Raft indexes of their first and latest write. */
public record AutopilotConfigEntry(AutopilotConfiguration config, long createIndex, long modifyIndex) {
}
