package org.proconsul.raft.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's replicated state machine: a string map changed only by the {@link KvPut} commands of
 * committed entries. Configuration and no-op entries leave it alone. A snapshot is the applied entry prefix,
 * so restoring one replays it.
 */
final class KvStateMachine {

    private final Map<String, String> values = new HashMap<>();

    static KvStateMachine replay(List<Entry> entries) {
        KvStateMachine sm = new KvStateMachine();
        for (Entry e : entries) {
            sm.apply(e);
        }
        return sm;
    }

    void apply(Entry e) {
        if (e.type() == EntryType.COMMAND) {
            KvPut put = KvPut.decode(e.data());
            values.put(put.key(), put.value());
        }
    }

    /** The key's value, or null when it was never written. */
    String get(String key) {
        return values.get(key);
    }
}
