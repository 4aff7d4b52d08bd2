package org.proconsul.storage.memory.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.SnapshotStream;

/** Moves the memory engine's maps to and from the engine-neutral {@link SnapshotStream}. */
final class SnapshotFormat {
    private SnapshotFormat() {
    }

    static void write(Map<String, NavigableMap<byte[], byte[]>> maps, OutputStream out) {
        SnapshotStream.Writer writer = new SnapshotStream.Writer(out);
        maps.forEach((name, m) -> m.forEach((k, v) -> writer.entry(name, k, v)));
        writer.finish();
    }

    static Map<String, NavigableMap<byte[], byte[]>> read(InputStream in) {
        Map<String, NavigableMap<byte[], byte[]>> maps = new TreeMap<>();
        SnapshotStream.read(in, (map, k, v) -> maps.computeIfAbsent(map, x -> new TreeMap<>(Bytes::compare)).put(k, v));
        return maps;
    }
}
