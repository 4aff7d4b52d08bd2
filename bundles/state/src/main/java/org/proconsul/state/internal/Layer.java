package org.proconsul.state.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.api.storage.WriteBatch;

/**
 * The net writes of consecutive write batches {@code firstSeq..lastSeq}: per map, key to new value or to
 * {@link OverlayView#DELETED}. Never changed once built, so readers on any thread may share it.
 */
record Layer(long firstSeq, long lastSeq, Map<String, TreeMap<byte[], byte[]>> maps, int entries, long bytes) {

    /** The layer of one batch; a batch with a range delete has no layer (the caller writes it through). */
    static Layer of(long seq, WriteBatch batch) {
        Map<String, TreeMap<byte[], byte[]>> maps = new HashMap<>();
        for (WriteBatch.Op op : batch.ops()) {
            TreeMap<byte[], byte[]> m = maps.computeIfAbsent(op.map(), x -> OverlayView.newMap());
            if (op instanceof WriteBatch.Put put) {
                m.put(put.key(), put.value());
            } else if (op instanceof WriteBatch.Delete delete) {
                m.put(delete.key(), OverlayView.DELETED);
            } else {
                throw new IllegalArgumentException("a range delete cannot be layered");
            }
        }
        return measured(seq, seq, maps);
    }

    static boolean layerable(WriteBatch batch) {
        return batch.ops().stream().noneMatch(op -> op instanceof WriteBatch.DeleteRange);
    }

    /** This layer followed by {@code newer}: where both write a key, the newer write wins. */
    Layer mergedWith(Layer newer) {
        Map<String, TreeMap<byte[], byte[]>> merged = new HashMap<>();
        maps.forEach((name, m) -> merged.put(name, new TreeMap<>(m)));
        newer.maps.forEach((name, m) -> merged.computeIfAbsent(name, x -> OverlayView.newMap()).putAll(m));
        return measured(firstSeq, newer.lastSeq, merged);
    }

    /** The layer as one storage write. */
    WriteBatch toBatch() {
        WriteBatch batch = new WriteBatch();
        maps.forEach((name, m) -> m.forEach((k, v) -> {
            if (v == OverlayView.DELETED) {
                batch.delete(name, k);
            } else {
                batch.put(name, k, v);
            }
        }));
        return batch;
    }

    private static Layer measured(long first, long last, Map<String, TreeMap<byte[], byte[]>> maps) {
        int entries = 0;
        long bytes = 0;
        for (TreeMap<byte[], byte[]> m : maps.values()) {
            entries += m.size();
            for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
                bytes += e.getKey().length + e.getValue().length + 64; // 64: the map node and array headers
            }
        }
        return new Layer(first, last, maps, entries, bytes);
    }
}
