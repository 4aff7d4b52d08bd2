package org.proconsul.api.snapshot;

import org.proconsul.api.raft.RaftError;

/** A save that could not be served here: no read of the asked consistency may be served (no leader). */
public final class SnapshotRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RaftError error;

    public SnapshotRefusedException(RaftError error) {
        super(String.valueOf(error));
        this.error = error;
    }

    public RaftError error() {
        return error;
    }
}
