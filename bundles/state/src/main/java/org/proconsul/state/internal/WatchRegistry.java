package org.proconsul.state.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.proconsul.api.state.Watch;
import org.proconsul.api.state.WatchTarget;

/**
 * One-shot wake-ups for blocking queries, indexed by exact key, by prefix and by table, so that a write
 * wakes only the queries over what it touched instead of every parked query.
 *
 * <p>Callbacks run on the thread that applied the change and must not block.
 */
final class WatchRegistry {

    private final class Registration implements Watch {
        private final String slot;
        private final Map<String, Set<Registration>> index;
        private final Runnable onChange;
        private final AtomicBoolean done = new AtomicBoolean();

        Registration(String slot, Map<String, Set<Registration>> index, Runnable onChange) {
            this.slot = slot;
            this.index = index;
            this.onChange = onChange;
        }

        void fire() {
            if (done.compareAndSet(false, true)) {
                onChange.run();
            }
        }

        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                index.computeIfPresent(slot, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    private final Map<String, Set<Registration>> byKey = new ConcurrentHashMap<>();
    private final Map<String, Set<Registration>> byPrefix = new ConcurrentHashMap<>();
    private final Map<String, Set<Registration>> byTable = new ConcurrentHashMap<>();

    Watch register(WatchTarget target, Runnable onChange) {
        if (target instanceof WatchTarget.Key k) {
            return add(byKey, slot(k.table(), k.key()), onChange);
        } else if (target instanceof WatchTarget.Prefix p) {
            return add(byPrefix, slot(p.table(), p.prefix()), onChange);
        } else if (target instanceof WatchTarget.Table t) {
            return add(byTable, t.table(), onChange);
        } else if (target instanceof WatchTarget.Tables t) {
            return anyOf(t.tables(), onChange);
        }
        throw new AssertionError("unknown watch target " + target);
    }

    /** One wake-up over several tables: the first change fires it and cancels the others. */
    private Watch anyOf(List<String> tables, Runnable onChange) {
        List<Watch> parts = new ArrayList<>(tables.size());
        AtomicBoolean fired = new AtomicBoolean();
        Watch all = () -> {
            synchronized (parts) {
                parts.forEach(Watch::close);
            }
        };
        Runnable once = () -> {
            if (fired.compareAndSet(false, true)) {
                synchronized (parts) {
                    parts.forEach(Watch::close);
                }
                onChange.run();
            }
        };
        synchronized (parts) {
            for (String table : tables) {
                parts.add(add(byTable, table, once));
            }
        }
        return all;
    }

    private Watch add(Map<String, Set<Registration>> index, String slot, Runnable onChange) {
        Registration r = new Registration(slot, index, onChange);
        // compute() serialises with the remove() in take(), so a registration never lands in a detached set
        index.compute(slot, (k, set) -> {
            Set<Registration> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(r);
            return s;
        });
        return r;
    }

    /** Wakes the watchers of every touched key of {@code table}, of their prefixes, and of the table. */
    void changed(String table, Collection<String> keys) {
        List<Registration> wake = new ArrayList<>();
        for (String key : keys) {
            take(byKey, slot(table, key), wake);
            if (!byPrefix.isEmpty()) {
                takePrefixesOf(table, key, wake);
            }
        }
        take(byTable, table, wake);
        wake.forEach(Registration::fire);
    }

    /** Wakes every watcher (after a snapshot restore replaced the whole state). */
    void changedEverything() {
        List<Registration> wake = new ArrayList<>();
        for (Map<String, Set<Registration>> index : List.of(byKey, byPrefix, byTable)) {
            for (String slot : List.copyOf(index.keySet())) {
                take(index, slot, wake);
            }
        }
        wake.forEach(Registration::fire);
    }

    private void takePrefixesOf(String table, String key, List<Registration> wake) {
        // Probe whichever is smaller: the key's own prefixes, or the registered prefixes.
        if (byPrefix.size() < key.length() + 1) {
            String tablePart = slot(table, "");
            for (String slot : byPrefix.keySet()) {
                if (slot.startsWith(tablePart) && key.startsWith(slot.substring(tablePart.length()))) {
                    take(byPrefix, slot, wake);
                }
            }
        } else {
            for (int i = 0; i <= key.length(); i++) {
                take(byPrefix, slot(table, key.substring(0, i)), wake);
            }
        }
    }

    private static void take(Map<String, Set<Registration>> index, String slot, List<Registration> wake) {
        Set<Registration> set = index.remove(slot);
        if (set != null) {
            wake.addAll(set);
        }
    }

    /** Count of parked watches (for tests and stats). */
    int size() {
        return byKey.values().stream().mapToInt(Set::size).sum()
                + byPrefix.values().stream().mapToInt(Set::size).sum()
                + byTable.values().stream().mapToInt(Set::size).sum();
    }

    private static String slot(String table, String key) {
        return table + '\u0000' + key;
    }
}
