package org.proconsul.api.state;

import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The state machine Raft replicates.
 *
 * <p>Contract: {@link #apply(long, byte[])} is called by one thread, in strictly increasing index order,
 * once per committed command; it must be deterministic (no clocks, randomness or local state other than
 * the store) so that every server reaches the same state. It never throws for a bad command: a command
 * it cannot decode is a bug in the writer and fails with {@link AssertionError}. After a restart the
 * consensus layer replays from {@link #lastAppliedIndex()} + 1.
 */
@ConsumerType
public interface ReplicatedStateMachine {

    /** Applies the command committed at {@code index} and returns the response for its proposer. */
    Object apply(long index, byte[] command);

    /** Records that {@code index} was committed with no command for this machine (no-ops, configuration). */
    void skip(long index);

    /** The index of the last command applied (0 when empty). */
    long lastAppliedIndex();

    /** Writes a complete, self-describing copy of the state. */
    void snapshot(OutputStream out);

    /** Replaces the whole state with a snapshot written by {@link #snapshot(OutputStream)}. */
    void restore(InputStream in);
}
