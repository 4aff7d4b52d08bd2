package org.proconsul.state.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.ReadView;

/**
 * Pending KV changes of one command over a read view: later operations of a transaction see earlier
 * ones, and nothing reaches storage unless every operation succeeds.
 */
final class KvOverlay implements KvView {
    private final ReadView view;
    /** key -> new entry, or empty for a delete */
    private final TreeMap<String, Optional<KvEntry>> pending = new TreeMap<>();
    private final Set<String> touched = new LinkedHashSet<>();

    KvOverlay(ReadView view) {
        this.view = view;
    }

    @Override
    public Optional<KvEntry> get(String key) {
        Optional<KvEntry> p = pending.get(key);
        if (p != null) {
            return p;
        }
        byte[] stored = view.get(Tables.KV, Codec.utf8(key));
        return stored == null ? Optional.empty() : Optional.of(KvRecord.decode(key, stored));
    }

    /** Every live entry under the prefix, in the byte order of the keys. */
    @Override
    public List<KvEntry> list(String prefix) {
        TreeMap<String, KvEntry> merged = new TreeMap<>(KvOverlay::compareUtf8);
        byte[] from = Codec.utf8(prefix);
        view.scan(Tables.KV, from, Bytes.prefixEnd(from), (k, v) -> {
            String key = Codec.string(k);
            merged.put(key, KvRecord.decode(key, v));
            return true;
        });
        for (Map.Entry<String, Optional<KvEntry>> e : pending.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                if (e.getValue().isPresent()) {
                    merged.put(e.getKey(), e.getValue().get());
                } else {
                    merged.remove(e.getKey());
                }
            }
        }
        return new ArrayList<>(merged.values());
    }

    @Override
    public void put(KvEntry entry) {
        pending.put(entry.key(), Optional.of(entry));
        touched.add(entry.key());
    }

    @Override
    public void delete(String key) {
        pending.put(key, Optional.empty());
        touched.add(key);
    }

    @Override
    public boolean sessionExists(String id) {
        return id != null && view.get(Tables.SESSIONS, Codec.utf8(id)) != null;
    }

    /** Keys this command changed, in first-touch order. */
    Set<String> touched() {
        return touched;
    }

    @Override
    public boolean isEmpty() {
        return touched.isEmpty();
    }

    /** Writes the pending changes; deletes leave a tombstone at {@code index}; the session → key index follows. */
    void flushTo(StagedView staged, long index) {
        for (Map.Entry<String, Optional<KvEntry>> e : pending.entrySet()) {
            byte[] key = Codec.utf8(e.getKey());
            byte[] before = staged.get(Tables.KV, key);
            String oldHolder = before == null ? null : KvRecord.decode(e.getKey(), before).session();
            SessionTables.holderChanged(staged, e.getKey(), oldHolder, e.getValue().map(KvEntry::session).orElse(null));
            if (e.getValue().isPresent()) {
                staged.put(Tables.KV, key, KvRecord.encode(e.getValue().get()));
                staged.delete(Tables.KV_TOMBSTONES, key);
            } else {
                staged.delete(Tables.KV, key);
                staged.put(Tables.KV_TOMBSTONES, key, Codec.longBytes(index));
            }
        }
    }

    static int compareUtf8(String a, String b) {
        return Bytes.compare(Codec.utf8(a), Codec.utf8(b));
    }
}
