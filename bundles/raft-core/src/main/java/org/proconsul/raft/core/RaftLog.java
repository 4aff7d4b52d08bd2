package org.proconsul.raft.core;

import java.util.List;

/**
 * The durable Raft log and hard state, implemented by the driver over its storage engine and by
 * {@link InMemoryRaftLog} for tests. The core only reads it; the driver writes it while handling a
 * {@link Ready} (see {@link #persist(Ready)}) and when it compacts after a snapshot. Everything a write method
 * stores must be durable (fsynced) when it returns, or at the latest before the driver sends the Ready's
 * messages.
 *
 * <p>The log holds entries {@code firstIndex() .. lastIndex()}; everything up to {@code firstIndex() - 1} is
 * covered by {@link #snapshotMetadata()}. An empty log has firstIndex 1 and lastIndex 0.
 */
public interface RaftLog {

    /** Returned by {@link #term(long)} for an index that is compacted away or beyond the last entry. */
    long UNAVAILABLE = -1;

    HardState hardState();

    /** Where the last compaction or installed snapshot ends; {@link SnapshotMetadata#NONE} if never. */
    SnapshotMetadata snapshotMetadata();

    default long firstIndex() {
        return snapshotMetadata().index() + 1;
    }

    long lastIndex();

    /**
     * The term of the entry at {@code index}: 0 for index 0, the snapshot's term at the snapshot index, and
     * {@link #UNAVAILABLE} below that or beyond the last entry.
     */
    long term(long index);

    /**
     * Entries {@code fromIndex .. toIndex} inclusive, which must lie within {@code firstIndex() .. lastIndex()}.
     */
    List<Entry> entries(long fromIndex, long toIndex);

    void saveHardState(HardState hardState);

    /**
     * Stores contiguous entries. Every stored entry with an index at or above the first new entry's index is
     * deleted first: a new leader replaced a conflicting suffix. The first new index must not exceed
     * {@code lastIndex() + 1}.
     */
    void append(List<Entry> entries);

    /**
     * Drops entries up to and including {@code metadata.index()} (which must be at most lastIndex) and records
     * {@code metadata} as the new snapshot position. Called by the driver after it took a snapshot of the
     * state machine at that index, never beyond the applied index.
     */
    void compact(SnapshotMetadata metadata);

    /** Replaces the whole log by a snapshot position, as a follower does when it installs a leader's snapshot. */
    void restore(SnapshotMetadata metadata);

    /**
     * Compacts up to {@code upToIndex} whose entry has {@code term}, with the configuration in force at that
     * index (see {@link #configurationAt(long)}).
     */
    default void compact(long upToIndex, long term) {
        SnapshotMetadata current = snapshotMetadata();
        if (upToIndex <= current.index()) {
            return;
        }
        if (upToIndex > lastIndex() || term(upToIndex) != term) {
            throw new IllegalArgumentException("cannot compact to index " + upToIndex + " term " + term
                    + ": log has term " + term(upToIndex) + " there, last index " + lastIndex());
        }
        compact(new SnapshotMetadata(upToIndex, term, configurationAt(upToIndex)));
    }

    /**
     * The configuration in force at {@code index} (between the snapshot index and the last index): the latest
     * configuration entry at or before it, else the snapshot's. This default reads the log backwards; a log on
     * disk should keep its few configuration entries indexed instead, because a snapshot asks for this on the
     * Raft thread and the last configuration entry may lie hundreds of thousands of entries back.
     */
    default Configuration configurationAt(long index) {
        final int chunk = 256;
        for (long hi = index; hi >= firstIndex(); hi -= chunk) {
            List<Entry> window = entries(Math.max(firstIndex(), hi - chunk + 1), hi);
            for (int i = window.size() - 1; i >= 0; i--) {
                if (window.get(i).type() == EntryType.CONFIGURATION) {
                    return window.get(i).configuration();
                }
            }
        }
        return snapshotMetadata().configuration();
    }

    /**
     * Writes what {@code ready} asks to persist, in a crash-safe order: snapshot, entries, then hard state (so a
     * persisted commit index never points past persisted entries). Implementations over a transactional store
     * should override this to write all three in one durable transaction.
     */
    default void persist(Ready ready) {
        if (ready.snapshotToInstall() != null) {
            restore(ready.snapshotToInstall().metadata());
        }
        if (!ready.entries().isEmpty()) {
            append(ready.entries());
        }
        if (ready.hardState() != null) {
            saveHardState(ready.hardState());
        }
    }
}
