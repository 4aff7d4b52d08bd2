package org.proconsul.state.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.state.QueryResult;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.Watch;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the state store on the engine its configuration selects. The store is buffered (not
 * fsynced) and written behind the Raft thread: after a crash Raft replays the log from the store's last
 * applied index.
 */
@Component(service = {StateStore.class, ReplicatedStateMachine.class}, configurationPid = "org.proconsul.state",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = StateStoreComponent.Config.class)
public final class StateStoreComponent implements StateStore, ReplicatedStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(StateStoreComponent.class);

    @ObjectClassDefinition(name = "Proconsul state store",
            description = "The replicated state store. Changing the engine restarts the component.")
    public @interface Config {
        @AttributeDefinition(description = "Filter selecting the StorageEngine, e.g. (engine=xodus) or (engine=memory).")
        String storage_target() default "(engine=memory)";

        @AttributeDefinition(description = "Applied writes held in memory before the Raft thread waits for storage to catch up, in MiB.")
        int write_behind_max_pending_mb() default 64;
    }

    private final Database db;
    private final KvStateStore store;
    private final ServiceRegistration<ComponentReady> ready;

    @Activate
    public StateStoreComponent(BundleContext context, @Reference(name = "storage") StorageEngine engine,
            Config config) {
        this.db = new WriteBehindDatabase(engine.open("state", Durability.BUFFERED), "state",
                (long) Math.max(1, config.write_behind_max_pending_mb()) << 20);
        this.store = new KvStateStore(db);
        LOG.info("state: store open engine={} appliedIndex={}", engine.name(), store.lastAppliedIndex());
        this.ready = ComponentReady.register(context, "state");
    }

    @Deactivate
    void deactivate() {
        ready.unregister();
        db.close();
    }

    @Override
    public Object apply(long index, byte[] command) {
        return store.apply(index, command);
    }

    @Override
    public void skip(long index) {
        store.skip(index);
    }

    @Override
    public long lastAppliedIndex() {
        return store.lastAppliedIndex();
    }

    @Override
    public List<Object> applyAll(long firstIndex, List<byte[]> commands) {
        return store.applyAll(firstIndex, commands);
    }

    @Override
    public StateSnapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public void restore(InputStream in) {
        store.restore(in);
    }

    @Override
    public QueryResult<Optional<KvEntry>> kvGet(String key) {
        return store.kvGet(key);
    }

    @Override
    public QueryResult<List<KvEntry>> kvList(String prefix) {
        return store.kvList(prefix);
    }

    @Override
    public QueryResult<List<String>> kvKeys(String prefix, String separator) {
        return store.kvKeys(prefix, separator);
    }

    @Override
    public QueryResult<Optional<org.proconsul.api.autopilot.AutopilotConfigEntry>> autopilotConfiguration() {
        return store.autopilotConfiguration();
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.CatalogNode>> catalogNodes() {
        return store.catalogNodes();
    }

    @Override
    public QueryResult<java.util.SortedMap<String, List<String>>> catalogServices() {
        return store.catalogServices();
    }

    @Override
    public QueryResult<Optional<java.util.Map.Entry<org.proconsul.api.catalog.CatalogNode,
            List<org.proconsul.api.catalog.CatalogService>>>> catalogNode(String node) {
        return store.catalogNode(node);
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.ServiceEntry>> serviceInstances(String service) {
        return store.serviceInstances(service);
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> nodeChecks(String node) {
        return store.nodeChecks(node);
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> serviceChecks(String service) {
        return store.serviceChecks(service);
    }

    @Override
    public QueryResult<List<org.proconsul.api.catalog.HealthCheck>> checksInState(String status) {
        return store.checksInState(status);
    }

    @Override
    public QueryResult<java.util.Optional<org.proconsul.api.session.Session>> session(String id) {
        return store.session(id);
    }

    @Override
    public QueryResult<List<org.proconsul.api.session.Session>> sessions() {
        return store.sessions();
    }

    @Override
    public QueryResult<List<org.proconsul.api.session.Session>> nodeSessions(String node) {
        return store.nodeSessions(node);
    }

    @Override
    public java.time.Instant lockDelayEnds(String key) {
        return store.lockDelayEnds(key);
    }

    @Override
    public <T> T readTransaction(Function<KvReader, T> body) {
        return store.readTransaction(body);
    }

    @Override
    public Watch watch(WatchTarget target, Runnable onChange) {
        return store.watch(target, onChange);
    }

    @Override
    public long lastIndex() {
        return store.lastIndex();
    }
}
