package org.proconsul.raft.core;

/**
 * What a server must persist (fsync) before it sends any message of the same {@link Ready}: its current term,
 * the candidate it voted for in that term (null for none), and the highest index it knows to be committed.
 */
public record HardState(long term, String votedFor, long commitIndex) {

    public static final HardState EMPTY = new HardState(0, null, 0);

    public HardState {
        if (term < 0 || commitIndex < 0) {
            throw new IllegalArgumentException("negative term or commit index: " + term + ", " + commitIndex);
        }
    }
}
