package org.proconsul.api.raft;

/**
 * A write consensus did not take, for services whose futures complete with a plain value; the HTTP edge
 * maps {@link #error()} to Consul's status and text as it maps a {@link ApplyResult.Refused}.
 */
public final class RaftRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RaftError error;

    public RaftRefusedException(RaftError error) {
        super(error.toString());
        this.error = error;
    }

    public RaftError error() {
        return error;
    }
}
