package org.proconsul.api.state;

import java.io.InputStream;
import java.util.List;

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

    /**
     * Applies the entries committed at {@code firstIndex}, {@code firstIndex + 1}, … in order, as one write
     * to storage, and returns their responses in the same order. A {@code null} command is an entry with
     * nothing for this machine (as {@link #skip(long)}) and gets a {@code null} response. All or nothing:
     * when it throws, none of them was applied, so the caller can go on one entry at a time.
     */
    List<Object> applyAll(long firstIndex, List<byte[]> commands);

    /** Records that {@code index} was committed with no command for this machine (no-ops, configuration). */
    void skip(long index);

    /** The index of the last command applied (0 when empty). */
    long lastAppliedIndex();

    /** Captures the state as of {@link #lastAppliedIndex()}, to be written out on another thread. */
    StateSnapshot snapshot();

    /** Replaces the whole state with what a {@link StateSnapshot} wrote. */
    void restore(InputStream in);
}
