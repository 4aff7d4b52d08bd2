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

    /** Table names of the catalog: nodes, the services on them, and health checks. */
    String NODES = "nodes";
    String SERVICES = "services";
    String CHECKS = "checks";

    /** Every node by name; index = the nodes table's. */
    QueryResult<List<org.proconsul.api.catalog.CatalogNode>> catalogNodes();

    /** Each service name with the union of its instances' tags, names sorted; index = the services table's. */
    QueryResult<java.util.SortedMap<String, List<String>>> catalogServices();

    /** The node and its services, empty when the node is unknown; index = nodes and services. */
    QueryResult<Optional<java.util.Map.Entry<org.proconsul.api.catalog.CatalogNode,
            List<org.proconsul.api.catalog.CatalogService>>>> catalogNode(String node);

    /**
     * Every instance of a service with its node and the checks bearing on it (node checks and its own),
     * by node name then service id; index = nodes, services and checks.
     */
    QueryResult<List<org.proconsul.api.catalog.ServiceEntry>> serviceInstances(String service);

    /** The checks of a node; index = the checks table's. */
    QueryResult<List<org.proconsul.api.catalog.HealthCheck>> nodeChecks(String node);

    /** The checks of every instance of a service; index = the checks table's. */
    QueryResult<List<org.proconsul.api.catalog.HealthCheck>> serviceChecks(String service);

    /** Every check in {@code status} ({@code any}: all of them); index = the checks table's. */
    QueryResult<List<org.proconsul.api.catalog.HealthCheck>> checksInState(String status);

    /** Table name of sessions. */
    String SESSIONS = "sessions";

    /** A session by id; index = the sessions table's. */
    QueryResult<Optional<org.proconsul.api.session.Session>> session(String id);

    /** Every session, by id; index = the sessions table's. */
    QueryResult<List<org.proconsul.api.session.Session>> sessions();

    /** The sessions of a node, by id; index = the sessions table's. */
    QueryResult<List<org.proconsul.api.session.Session>> nodeSessions(String node);

    /**
     * When the lock delay on a key ends: set by this server when it applied the end of a session holding the
     * key, kept in memory only (not replicated), as Consul keeps it. {@link java.time.Instant#MIN} when none.
     */
    java.time.Instant lockDelayEnds(String key);

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
