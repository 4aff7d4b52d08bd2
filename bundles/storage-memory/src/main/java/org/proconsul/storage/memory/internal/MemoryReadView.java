package org.proconsul.storage.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.proconsul.api.storage.ReadView;

/**
 * A read view over maps of {@link MemoryDatabase}: either its live maps, valid while the view holds the
 * database's read lock, or a private copy that needs no lock.
 */
final class MemoryReadView implements ReadView {
    private final Map<String, NavigableMap<byte[], byte[]>> maps;
    private final Runnable release;
    private boolean closed;

    MemoryReadView(Map<String, NavigableMap<byte[], byte[]>> maps, Runnable release) {
        this.maps = maps;
        this.release = release;
    }

    @Override
    public byte[] get(String map, byte[] key) {
        NavigableMap<byte[], byte[]> m = maps.get(map);
        if (m == null) {
            return null;
        }
        byte[] v = m.get(key);
        return v == null ? null : v.clone();
    }

    @Override
    public void scan(String map, byte[] from, byte[] to, EntryVisitor visitor) {
        NavigableMap<byte[], byte[]> m = maps.get(map);
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
        NavigableMap<byte[], byte[]> m = maps.get(map);
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
    public List<String> maps() {
        List<String> names = new ArrayList<>();
        maps.forEach((name, m) -> {
            if (!m.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
