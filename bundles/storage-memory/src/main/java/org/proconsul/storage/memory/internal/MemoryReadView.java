package org.proconsul.storage.memory.internal;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.locks.Lock;

import org.proconsul.api.storage.ReadView;

/** A read view over {@link MemoryDatabase}: valid while it holds the database's read lock. */
final class MemoryReadView implements ReadView {
    private final MemoryDatabase db;
    private final Lock readLock;
    private boolean closed;

    MemoryReadView(MemoryDatabase db, Lock readLock) {
        this.db = db;
        this.readLock = readLock;
    }

    @Override
    public byte[] get(String map, byte[] key) {
        NavigableMap<byte[], byte[]> m = db.mapForRead(map);
        if (m == null) {
            return null;
        }
        byte[] v = m.get(key);
        return v == null ? null : v.clone();
    }

    @Override
    public void scan(String map, byte[] from, byte[] to, EntryVisitor visitor) {
        NavigableMap<byte[], byte[]> m = db.mapForRead(map);
        if (m == null) {
            return;
        }
        NavigableMap<byte[], byte[]> range = to == null ? m.tailMap(from, true) : m.subMap(from, true, to, false);
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
                return;
            }
        }
    }

    @Override
    public void scanBackward(String map, byte[] toExclusive, EntryVisitor visitor) {
        NavigableMap<byte[], byte[]> m = db.mapForRead(map);
        if (m == null) {
            return;
        }
        NavigableMap<byte[], byte[]> range = toExclusive == null ? m.descendingMap()
                : m.headMap(toExclusive, false).descendingMap();
        for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
            if (!visitor.visit(e.getKey().clone(), e.getValue().clone())) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            readLock.unlock();
        }
    }
}
