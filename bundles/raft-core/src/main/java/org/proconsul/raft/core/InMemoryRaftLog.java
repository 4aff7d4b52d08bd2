package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RaftLog} in memory, for tests, simulation and {@code -dev}. In the simulator it plays the disk: it
 * only changes when the driver persists a Ready, so a "crash" that keeps this object and discards the
 * {@link RaftCore} keeps exactly what was fsynced. Not thread-safe.
 */
public final class InMemoryRaftLog implements RaftLog {

    private HardState hardState = HardState.EMPTY;
    private SnapshotMetadata snapshot = SnapshotMetadata.NONE;
    /** entries.get(i) has index snapshot.index() + 1 + i. */
    private final ArrayList<Entry> entries = new ArrayList<>();

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public SnapshotMetadata snapshotMetadata() {
        return snapshot;
    }

    @Override
    public long lastIndex() {
        return snapshot.index() + entries.size();
    }

    @Override
    public long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < snapshot.index() || index > lastIndex()) {
            return UNAVAILABLE;
        }
        return entries.get(offsetOf(index)).term();
    }

    @Override
    public List<Entry> entries(long fromIndex, long toIndex) {
        if (fromIndex < firstIndex() || toIndex > lastIndex() || fromIndex > toIndex + 1) {
            throw new IndexOutOfBoundsException("entries " + fromIndex + ".." + toIndex + " outside "
                    + firstIndex() + ".." + lastIndex());
        }
        return List.copyOf(entries.subList(offsetOf(fromIndex), offsetOf(toIndex) + 1));
    }

    @Override
    public void saveHardState(HardState hardState) {
        this.hardState = Objects.requireNonNull(hardState, "hardState");
    }

    @Override
    public void append(List<Entry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long first = newEntries.get(0).index();
        if (first <= snapshot.index() || first > lastIndex() + 1) {
            throw new IllegalArgumentException("cannot append at " + first + " to log " + firstIndex() + ".."
                    + lastIndex());
        }
        entries.subList(offsetOf(first), entries.size()).clear();
        for (Entry e : newEntries) {
            if (e.index() != lastIndex() + 1) {
                throw new IllegalArgumentException("entries not contiguous at " + e.index());
            }
            entries.add(e);
        }
    }

    @Override
    public void compact(SnapshotMetadata metadata) {
        if (metadata.index() <= snapshot.index()) {
            return;
        }
        if (metadata.index() > lastIndex() || term(metadata.index()) != metadata.term()) {
            throw new IllegalArgumentException("cannot compact to " + metadata + ", last index " + lastIndex());
        }
        entries.subList(0, offsetOf(metadata.index()) + 1).clear();
        snapshot = metadata;
    }

    @Override
    public void restore(SnapshotMetadata metadata) {
        entries.clear();
        snapshot = Objects.requireNonNull(metadata, "metadata");
    }

    private int offsetOf(long index) {
        return Math.toIntExact(index - snapshot.index() - 1);
    }
}
