package org.proconsul.state.internal;

import java.util.List;
import java.util.Optional;

import org.proconsul.api.kv.KvEntry;

/** The KV reads and writes {@link KvApplier} needs: an overlay when applying, a read view for read-only transactions. */
interface KvView {
    Optional<KvEntry> get(String key);

    List<KvEntry> list(String prefix);

    boolean sessionExists(String id);

    void put(KvEntry entry);

    void delete(String key);

    boolean isEmpty();
}
