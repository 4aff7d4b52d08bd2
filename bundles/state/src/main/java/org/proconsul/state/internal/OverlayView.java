package org.proconsul.state.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.ReadView;

/**
 * A read view of staged entries over a base view: per map, a sorted map of key to new value, or to
 * {@link #DELETED} for a delete. A staged entry replaces the base entry with its key; a delete hides it.
 * The base view stays open: its owner closes it.
 */
class OverlayView implements ReadView {
    /** Marks a staged delete (compared by identity: a stored empty value is a different array). */
    static final byte[] DELETED = new byte[0];

    private final ReadView base;
    private final Map<String, ? extends NavigableMap<byte[], byte[]>> staged;

    OverlayView(ReadView base, Map<String, ? extends NavigableMap<byte[], byte[]>> staged) {
        this.base = base;
        this.staged = staged;
    }

    /** A sorted map for byte keys, in the order every view scans in. */
    static TreeMap<byte[], byte[]> newMap() {
        return new TreeMap<>(Bytes::compare);
    }

    @Override
    public byte[] get(String map, byte[] key) {
        NavigableMap<byte[], byte[]> m = staged.get(map);
        byte[] v = m == null ? null : m.get(key);
        if (v != null) {
            return v == DELETED ? null : v.clone();
        }
        return base.get(map, key);
    }

    @Override
    public void scan(String map, byte[] from, byte[] to, EntryVisitor visitor) {
        NavigableMap<byte[], byte[]> m = staged.get(map);
        if (m == null || m.isEmpty()) {
            base.scan(map, from, to, visitor);
            return;
        }
        NavigableMap<byte[], byte[]> range = to == null ? m.tailMap(from, true) : m.subMap(from, true, to, false);
        merge(range, visitor, v -> base.scan(map, from, to, v), false);
    }

    @Override
    public void scanBackward(String map, byte[] toExclusive, EntryVisitor visitor) {
        NavigableMap<byte[], byte[]> m = staged.get(map);
        if (m == null || m.isEmpty()) {
            base.scanBackward(map, toExclusive, visitor);
            return;
        }
        NavigableMap<byte[], byte[]> range = (toExclusive == null ? m : m.headMap(toExclusive, false)).descendingMap();
        merge(range, visitor, v -> base.scanBackward(map, toExclusive, v), true);
    }

    /** Walks the base entries and the staged ones together in scan order. */
    private static void merge(NavigableMap<byte[], byte[]> stagedRange, EntryVisitor visitor,
            Consumer<EntryVisitor> baseScan, boolean descending) {
        Pending pending = new Pending(stagedRange.entrySet().iterator());
        int direction = descending ? -1 : 1;
        boolean[] stopped = {false};
        baseScan.accept((k, v) -> {
            while (pending.head != null && direction * Bytes.compare(pending.head.getKey(), k) < 0) {
                if (!pending.emitHead(visitor)) {
                    stopped[0] = true;
                    return false;
                }
            }
            if (pending.head != null && Bytes.compare(pending.head.getKey(), k) == 0) {
                stopped[0] = !pending.emitHead(visitor);
                return !stopped[0];
            }
            stopped[0] = !visitor.visit(k, v);
            return !stopped[0];
        });
        while (!stopped[0] && pending.head != null) {
            stopped[0] = !pending.emitHead(visitor);
        }
    }

    /** The staged entries of a scan not visited yet. */
    private static final class Pending {
        private final Iterator<Map.Entry<byte[], byte[]>> rest;
        private Map.Entry<byte[], byte[]> head;

        Pending(Iterator<Map.Entry<byte[], byte[]>> entries) {
            this.rest = entries;
            this.head = entries.hasNext() ? entries.next() : null;
        }

        /** Visits the head unless it is a delete, and moves on; false when the visitor stops the scan. */
        boolean emitHead(EntryVisitor visitor) {
            Map.Entry<byte[], byte[]> e = head;
            head = rest.hasNext() ? rest.next() : null;
            return e.getValue() == DELETED || visitor.visit(e.getKey().clone(), e.getValue().clone());
        }
    }

    @Override
    public List<String> maps() {
        TreeMap<String, Boolean> names = new TreeMap<>();
        base.maps().forEach(name -> names.put(name, true));
        staged.keySet().forEach(name -> names.put(name, true));
        return new ArrayList<>(names.keySet());
    }

    @Override
    public void close() {
    }
}
