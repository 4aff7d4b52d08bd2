package org.proconsul.state.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.WriteBatch;

/**
 * A read view of the store as it will be once the staged writes land: the writes of the commands applied
 * so far in one batch, over a read view of storage. Each command of a batch reads what the commands before
 * it wrote, exactly as if each had been written on its own, while the whole batch is one storage write.
 */
final class StagedView extends OverlayView {
    private final Map<String, TreeMap<byte[], byte[]>> staged;
    private final WriteBatch batch = new WriteBatch();

    StagedView(ReadView base) {
        this(base, new HashMap<>());
    }

    private StagedView(ReadView base, Map<String, TreeMap<byte[], byte[]>> staged) {
        super(base, staged);
        this.staged = staged;
    }

    void put(String map, byte[] key, byte[] value) {
        stagedMap(map).put(key, value);
        batch.put(map, key, value);
    }

    void delete(String map, byte[] key) {
        stagedMap(map).put(key, DELETED);
        batch.delete(map, key);
    }

    /** Every staged write, in the order it was made. */
    WriteBatch batch() {
        return batch;
    }

    private TreeMap<byte[], byte[]> stagedMap(String map) {
        return staged.computeIfAbsent(map, m -> newMap());
    }
}
