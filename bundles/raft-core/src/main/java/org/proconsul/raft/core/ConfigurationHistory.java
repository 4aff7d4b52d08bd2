package org.proconsul.raft.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The configurations a server may still need: the latest committed one and every later one in its log. A
 * configuration takes effect as soon as it is appended (Raft dissertation §4.1), so truncating an uncommitted
 * configuration entry must fall back to the one before it, which is why more than the latest is kept.
 */
final class ConfigurationHistory {

    private record Point(long index, Configuration configuration) {
    }

    /** Ascending by index; never empty. The first point is the committed base. */
    private final ArrayDeque<Point> points = new ArrayDeque<>();

    private ConfigurationHistory(SnapshotMetadata base) {
        points.add(new Point(base.index(), base.configuration()));
    }

    /** Rebuilds the history from a persisted log, reading backwards until a committed configuration. */
    static ConfigurationHistory recover(RaftLog log, long commitIndex) {
        ConfigurationHistory history = new ConfigurationHistory(log.snapshotMetadata());
        ArrayDeque<Point> found = new ArrayDeque<>();
        final int chunk = 256;
        scan:
        for (long hi = log.lastIndex(); hi >= log.firstIndex(); hi -= chunk) {
            List<Entry> window = log.entries(Math.max(log.firstIndex(), hi - chunk + 1), hi);
            for (int i = window.size() - 1; i >= 0; i--) {
                Entry e = window.get(i);
                if (e.type() == EntryType.CONFIGURATION) {
                    found.addFirst(new Point(e.index(), e.configuration()));
                    if (e.index() <= commitIndex) {
                        break scan;
                    }
                }
            }
        }
        history.points.addAll(found);
        history.committed(commitIndex);
        return history;
    }

    Configuration current() {
        return points.getLast().configuration();
    }

    long latestIndex() {
        return points.getLast().index();
    }

    void appended(long index, Configuration configuration) {
        if (index <= latestIndex()) {
            throw new AssertionError("configuration index " + index + " not after " + latestIndex());
        }
        points.addLast(new Point(index, configuration));
    }

    void truncatedAfter(long index) {
        while (points.size() > 1 && points.getLast().index() > index) {
            points.removeLast();
        }
        if (points.getLast().index() > index) {
            throw new AssertionError("truncation after " + index + " would drop committed configuration at "
                    + points.getLast().index());
        }
    }

    void committed(long commitIndex) {
        while (points.size() > 1) {
            Iterator<Point> it = points.iterator();
            it.next();
            if (it.next().index() > commitIndex) {
                return;
            }
            points.removeFirst();
        }
    }

    void restore(SnapshotMetadata snapshot) {
        points.clear();
        points.add(new Point(snapshot.index(), snapshot.configuration()));
    }
}
