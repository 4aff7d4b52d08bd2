package org.proconsul.api.state;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.kv.KvEntry;

/**
 * The read side of the replicated state. Each query returns the index that a blocking query compares
 * against; {@link #watch(WatchTarget, Runnable)} registers a one-shot wake-up that fires after the next
 * change touching the target (a write wakes only the watchers of what it touched).
 */
@ProviderType
public interface StateStore {

    /** Table name of the KV store. */
    String KV = "kv";

    /** The key, with its ModifyIndex as index; a missing key reports the table's index (tombstones included). */
    QueryResult<Optional<KvEntry>> kvGet(String key);

    /** Every entry under the prefix in key order; index = highest ModifyIndex under it, tombstones included. */
    QueryResult<List<KvEntry>> kvList(String prefix);

    /**
     * Keys under the prefix; with a non-empty separator, keys are cut just after the first separator past
     * the prefix and de-duplicated, as Consul does.
     */
    QueryResult<List<String>> kvKeys(String prefix, String separator);

    /** Table name of autopilot's settings. */
    String AUTOPILOT = "autopilot";

    /** Autopilot's settings, absent until the first leader or an operator writes them; index = the table's. */
    QueryResult<java.util.Optional<org.proconsul.api.autopilot.AutopilotConfigEntry>> autopilotConfiguration();

    /** Looks up several verbs' worth of reads in one consistent view (read-only transactions). */
    <T> T readTransaction(java.util.function.Function<KvReader, T> body);

    /** Fires {@code onChange} once, on a thread of the store's choosing, after a change touching the target. */
    Watch watch(WatchTarget target, Runnable onChange);

    /** Index of the last applied Raft entry that touched the state. */
    long lastIndex();

    /** Consistent reads of the KV table within one snapshot. */
    interface KvReader {
        Optional<KvEntry> get(String key);

        List<KvEntry> list(String prefix);

        /** True if the session exists (lock verbs of read-only transactions). */
        boolean sessionExists(String id);
    }
}
