package org.proconsul.api.raft;

/** The outcome of {@link Consensus#apply(byte[])}. */
public sealed interface ApplyResult {

    /** Committed and applied at {@code index}; {@code response} is what the state machine returned. */
    record Applied(long index, Object response) implements ApplyResult {
    }

    record Refused(RaftError error) implements ApplyResult {
    }
}
