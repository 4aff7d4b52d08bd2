package org.proconsul.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.api.snapshot.SnapshotArchive;
import org.proconsul.api.storage.SnapshotStream;
import org.proconsul.api.storage.StorageException;

/** What the snapshot commands share: reading and checking an archive, and Consul's layout for it. */
final class SnapshotFiles {
    /** Consul's names for what the state holds, where it has one. */
    private static final Map<String, String> TYPE_NAMES = Map.of("kv", "KVS", "kv_tombstones", "Tombstone",
            "sessions", "Session", "autopilot", "Autopilot", "meta", "Index", "restore", "RestorePart");

    record TypeStats(String name, long count, long bytes) {
    }

    record Inspection(String id, long size, long index, long term, long version, List<TypeStats> types) {
    }

    private SnapshotFiles() {
    }

    /** Reads and checks an archive: both sums, meta.json, and the state stream to its end. */
    static Inspection read(Path file) throws IOException {
        Path state = Files.createTempFile("proconsul-inspect-", ".state");
        try {
            SnapshotArchive.Contents contents;
            try (InputStream in = Files.newInputStream(file)) {
                contents = SnapshotArchive.read(in, state);
            }
            Map<String, Object> meta;
            try {
                meta = org.proconsul.cli.GoJson.parseObject(contents.meta());
            } catch (org.proconsul.cli.GoJson.JsonException e) {
                throw new IOException("meta.json is not a JSON object: " + e.getMessage());
            }
            Map<String, long[]> stats = new TreeMap<>();
            try (InputStream in = Files.newInputStream(state)) {
                SnapshotStream.read(in, (map, key, value) -> {
                    long[] s = stats.computeIfAbsent(map, m -> new long[2]);
                    s[0]++;
                    s[1] += key.length + value.length;
                });
            } catch (StorageException e) {
                throw new IOException("state.bin is not readable: " + e.getMessage());
            }
            List<TypeStats> types = new ArrayList<>();
            stats.forEach((map, s) -> types.add(new TypeStats(TYPE_NAMES.getOrDefault(map, map), s[0], s[1])));
            types.sort(Comparator.comparingLong(TypeStats::bytes).reversed().thenComparing(TypeStats::name));
            return new Inspection(String.valueOf(meta.getOrDefault("ID", "")), contents.stateBytes(),
                    number(meta, "Index"), number(meta, "Term"), number(meta, "Version"), types);
        } finally {
            Files.deleteIfExists(state);
        }
    }

    private static long number(Map<String, Object> meta, String field) {
        Object v = meta.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** Go's tabwriter layout Consul prints with: each column as wide as its widest cell plus 6, the last unpadded. */
    static String columns(List<String[]> rows) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < r.length - 1; c++) {
                width[c] = Math.max(width[c], Math.max(8, r[c].length() + 6));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            if (out.length() > 0) {
                out.append('\n');
            }
            for (int c = 0; c < r.length; c++) {
                out.append(c < r.length - 1 ? String.format("%-" + width[c] + "s", r[c]) : r[c]);
            }
        }
        return out.toString();
    }

    /** Sizes as Consul prints them: 344B, 1.7KB, 5KB, 12.3MB. */
    static String byteSize(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + "B";
        }
        String text = String.format(java.util.Locale.ROOT, "%.1f", value);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + units[unit];
    }
}
