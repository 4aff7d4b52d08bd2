package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the core sees it: the persisted {@link RaftLog} overlaid by entries (and possibly a snapshot) that
 * the core has accepted but the driver has not yet persisted. Unstable entries start at {@code offset} and hide
 * every persisted entry at or above it, which is how a conflicting suffix is replaced before the driver cuts it
 * from disk.
 */
final class LogView {

    private final RaftLog stable;
    /** A leader's snapshot installed in memory but not yet persisted by the driver; null otherwise. */
    private SnapshotMetadata pendingSnapshot;
    private long offset;
    private final ArrayList<Entry> unstable = new ArrayList<>();

    LogView(RaftLog stable) {
        this.stable = stable;
        this.offset = stable.lastIndex() + 1;
    }

    long firstIndex() {
        return pendingSnapshot != null ? pendingSnapshot.index() + 1 : stable.firstIndex();
    }

    long lastIndex() {
        return offset - 1 + unstable.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** See {@link RaftLog#term(long)}. */
    long term(long index) {
        if (index >= offset) {
            return index < offset + unstable.size() ? unstable.get((int) (index - offset)).term() : RaftLog.UNAVAILABLE;
        }
        if (pendingSnapshot != null) {
            return index == pendingSnapshot.index() ? pendingSnapshot.term() : RaftLog.UNAVAILABLE;
        }
        return stable.term(index);
    }

    List<Entry> entries(long fromIndex, long toIndex) {
        if (fromIndex < firstIndex() || toIndex > lastIndex()) {
            throw new AssertionError("entries " + fromIndex + ".." + toIndex + " outside log " + firstIndex() + ".."
                    + lastIndex());
        }
        List<Entry> out = new ArrayList<>((int) Math.max(0, toIndex - fromIndex + 1));
        if (fromIndex < offset) {
            out.addAll(stable.entries(fromIndex, Math.min(toIndex, offset - 1)));
        }
        for (long i = Math.max(fromIndex, offset); i <= toIndex; i++) {
            out.add(unstable.get((int) (i - offset)));
        }
        return out;
    }

    /** Appends contiguous entries, replacing everything from the first new index on. */
    void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        if (first < firstIndex() || first > lastIndex() + 1) {
            throw new AssertionError("append at " + first + " outside " + firstIndex() + ".." + (lastIndex() + 1));
        }
        if (first >= offset) {
            unstable.subList((int) (first - offset), unstable.size()).clear();
        } else {
            offset = first;
            unstable.clear();
        }
        for (Entry e : entries) {
            if (e.index() != lastIndex() + 1) {
                throw new AssertionError("non-contiguous append at " + e.index() + " after " + lastIndex());
            }
            unstable.add(e);
        }
    }

    boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
        long lastTerm = lastTerm();
        return otherLastTerm > lastTerm || (otherLastTerm == lastTerm && otherLastIndex >= lastIndex());
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code maxTerm}; the basis of fast log
     * backtracking on both sides. Stops at the snapshot index, below which nothing is known.
     */
    long lastIndexWithTermAtMost(long index, long maxTerm) {
        long i = Math.min(index, lastIndex());
        for (; i >= firstIndex(); i--) {
            if (term(i) <= maxTerm) {
                return i;
            }
        }
        return Math.max(i, firstIndex() - 1);
    }

    // ---- persistence hand-off

    boolean hasUnpersisted() {
        return !unstable.isEmpty() || pendingSnapshot != null;
    }

    List<Entry> unpersistedEntries() {
        return List.copyOf(unstable);
    }

    SnapshotMetadata pendingSnapshot() {
        return pendingSnapshot;
    }

    /** Where the driver must cut its persisted log before appending, or {@link Ready#NO_TRUNCATION}. */
    long truncateAfter() {
        if (unstable.isEmpty() || pendingSnapshot != null || stable.lastIndex() < offset) {
            return Ready.NO_TRUNCATION;
        }
        return offset - 1;
    }

    /** The last index that is both durable and still part of this log: what a leader may count for itself. */
    long persistedIndex() {
        if (pendingSnapshot != null) {
            return 0;
        }
        return Math.min(stable.lastIndex(), offset - 1);
    }

    /** The driver persisted entries through ({@code index}, {@code term}). */
    void persistedTo(long index, long term) {
        if (index >= offset && index < offset + unstable.size() && unstable.get((int) (index - offset)).term() == term) {
            unstable.subList(0, (int) (index - offset + 1)).clear();
            offset = index + 1;
        }
        // otherwise a newer conflicting append replaced those entries while the driver was writing them;
        // they stay unstable and the next Ready writes them again
    }

    /** Replaces the whole log by a leader's snapshot, pending until the driver persists it. */
    void restore(SnapshotMetadata snapshot) {
        pendingSnapshot = snapshot;
        unstable.clear();
        offset = snapshot.index() + 1;
    }

    void snapshotPersisted(SnapshotMetadata snapshot) {
        if (snapshot.equals(pendingSnapshot)) {
            pendingSnapshot = null;
        }
    }
}
