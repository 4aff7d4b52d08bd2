package org.proconsul.raft.core;

import java.util.Map;

/**
 * A point-in-time view of one core for operators and tests. {@code appliedIndex} is the last index the driver
 * has applied, as reported through {@link RaftCore#advance}. {@code followers} is empty unless this server is
 * the leader. {@code tick} counts ticks since construction and dates {@link FollowerStatus#lastContactTick()}.
 */
public record RaftStatus(String selfId, Role role, long term, String leaderId, long commitIndex, long firstIndex,
                         long lastIndex, long appliedIndex, Configuration configuration,
                         Map<String, FollowerStatus> followers, String transferTarget, long tick) {
}
