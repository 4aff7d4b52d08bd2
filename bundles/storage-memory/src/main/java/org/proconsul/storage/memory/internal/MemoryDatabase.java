package org.proconsul.storage.memory.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.WriteBatch;

/**
 * Named sorted maps under one read/write lock: a read view holds the read lock until closed, so it sees
 * no half-applied batch; a batch holds the write lock while it applies.
 */
final class MemoryDatabase implements Database {
    private final String name;
    private final Runnable onClose;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, NavigableMap<byte[], byte[]>> maps = new TreeMap<>();
    private volatile boolean closed;

    MemoryDatabase(String name, Runnable onClose) {
        this.name = name;
        this.onClose = onClose;
    }

    @Override
    public ReadView read() {
        ensureOpen();
        lock.readLock().lock();
        return new MemoryReadView(maps, lock.readLock()::unlock);
    }

    /** A copy of the maps (values are never changed in place, so they are shared), so no lock stays held. */
    @Override
    public ReadView detachedRead() {
        ensureOpen();
        Map<String, NavigableMap<byte[], byte[]>> copy = new TreeMap<>();
        lock.readLock().lock();
        try {
            maps.forEach((name, m) -> copy.put(name, new TreeMap<>(m)));
        } finally {
            lock.readLock().unlock();
        }
        return new MemoryReadView(copy, () -> { });
    }

    @Override
    public void write(WriteBatch batch) {
        ensureOpen();
        lock.writeLock().lock();
        try {
            for (WriteBatch.Op op : batch.ops()) {
                apply(op);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void apply(WriteBatch.Op op) {
        NavigableMap<byte[], byte[]> m = maps.computeIfAbsent(op.map(), k -> new TreeMap<>(Bytes::compare));
        if (op instanceof WriteBatch.Put put) {
            m.put(put.key().clone(), put.value().clone());
        } else if (op instanceof WriteBatch.Delete del) {
            m.remove(del.key());
        } else if (op instanceof WriteBatch.DeleteRange range) {
            (range.to() == null ? m.tailMap(range.from(), true) : m.subMap(range.from(), true, range.to(), false))
                    .clear();
        } else {
            throw new AssertionError("unknown batch op " + op);
        }
    }

    @Override
    public void snapshot(OutputStream out) {
        ensureOpen();
        lock.readLock().lock();
        try {
            SnapshotFormat.write(maps, out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void restore(InputStream in) {
        ensureOpen();
        Map<String, NavigableMap<byte[], byte[]>> restored = SnapshotFormat.read(in);
        lock.writeLock().lock();
        try {
            maps.clear();
            maps.putAll(restored);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage: database closed name=" + name);
        }
    }
}
