package org.proconsul.raft.core;

import java.util.Objects;

/** Volatile state worth reporting when it changes: the role and the leader this server knows (null if none). */
public record SoftState(Role role, String leaderId) {

    public SoftState {
        Objects.requireNonNull(role, "role");
    }
}
