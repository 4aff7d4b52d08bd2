package org.proconsul.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.CatalogWriter;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local agent's services and checks. TTL checks start critical, take their status from updates and
 * turn critical with {@code TTL expired} when none came in time; a service whose check stays critical
 * longer than its {@code DeregisterCriticalServiceAfter} is deregistered. Anti-entropy brings the catalog
 * in line with this agent: on every change and on a timer it compares the catalog's entries for this node
 * with the local ones and writes only the differences (a change of check output alone waits
 * {@code check_update_interval}), removing what the catalog has and the agent does not (but never the
 * leader's serfHealth check or consul service).
 */
@Component(service = AgentServices.class, immediate = true)
public final class AgentServicesComponent implements AgentServices {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServicesComponent.class);
    static final String TTL_EXPIRED = "TTL expired";
    private static final long TICK_MS = 250;
    private static final long FULL_SYNC_MS = 60_000;
    private static final long OUTPUT_HOLD_MS = Duration.ofMinutes(5).toMillis();
    /** Consul raises a shorter DeregisterCriticalServiceAfter to one minute. */
    static final Duration MIN_DEREGISTER_AFTER = Duration.ofMinutes(1);

    /** A check as the agent keeps it: definition, current status and output, and when they last moved. */
    private static final class CheckState {
        final CheckDefinition definition;
        String status;
        String output = "";
        long ttlDeadline;
        long criticalSince;
        long outputSyncedAt;

        CheckState(CheckDefinition definition, long now) {
            this.definition = definition;
            this.status = definition.status().isEmpty() ? HealthCheck.CRITICAL : definition.status();
            this.ttlDeadline = definition.ttl() == null ? Long.MAX_VALUE : now + definition.ttl().toMillis();
            this.criticalSince = HealthCheck.CRITICAL.equals(status) ? now : -1;
        }
    }

    private final AgentConfig config;
    private final Map<String, CatalogService> services = new TreeMap<>();
    private final Map<String, CheckState> checks = new TreeMap<>();
    private final ScheduledExecutorService timer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CatalogWriter writer;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StateStore store;
    private boolean dirty = true;
    private long lastFullSync;
    private boolean syncing;

    @Activate
    public AgentServicesComponent(@Reference LocalAgent agent) {
        this.config = agent.config();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-checks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    // ---- AgentServices ----------------------------------------------------------------------------

    @Override
    public synchronized void registerService(ServiceDefinition definition) {
        CatalogService s = definition.service();
        for (CheckDefinition c : definition.checks()) {
            if (!c.serviceId().equals(s.id())) {
                throw new RefusedException("check " + c.id() + " belongs to service " + c.serviceId(), false);
            }
        }
        services.put(s.id(), s);
        // a re-registration replaces the service's checks
        checks.values().removeIf(c -> c.definition.serviceId().equals(s.id()));
        long now = System.currentTimeMillis();
        for (CheckDefinition c : definition.checks()) {
            checks.put(c.id(), new CheckState(c, now));
        }
        LOG.info("agent: registered service service={} checks={}", s.id(), definition.checks().size());
        dirty = true;
    }

    @Override
    public synchronized boolean deregisterService(String id) {
        if (services.remove(id) == null) {
            return false;
        }
        checks.values().removeIf(c -> c.definition.serviceId().equals(id));
        LOG.info("agent: deregistered service service={}", id);
        dirty = true;
        return true;
    }

    @Override
    public synchronized Map<String, CatalogService> services() {
        return new LinkedHashMap<>(services);
    }

    @Override
    public synchronized Optional<CatalogService> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    @Override
    public synchronized void registerCheck(CheckDefinition check) {
        if (!check.serviceId().isEmpty() && !services.containsKey(check.serviceId())) {
            throw new RefusedException("ServiceID \"" + check.serviceId() + "\" does not exist", true);
        }
        checks.put(check.id(), new CheckState(check, System.currentTimeMillis()));
        LOG.info("agent: registered check check={} service={}", check.id(), check.serviceId());
        dirty = true;
    }

    @Override
    public synchronized boolean deregisterCheck(String id) {
        if (checks.remove(id) == null) {
            return false;
        }
        dirty = true;
        return true;
    }

    @Override
    public synchronized Map<String, HealthCheck> checks() {
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        for (CheckState c : checks.values()) {
            out.put(c.definition.id(), toHealthCheck(c));
        }
        return out;
    }

    @Override
    public synchronized boolean updateCheck(String id, String status, String output) {
        CheckState c = checks.get(id);
        if (c == null) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (c.definition.ttl() != null) {
            c.ttlDeadline = now + c.definition.ttl().toMillis();
        }
        setStatus(c, status, output, now);
        return true;
    }

    private void setStatus(CheckState c, String status, String output, long now) {
        boolean statusChanged = !c.status.equals(status);
        if (statusChanged) {
            LOG.info("agent: check status check={} status={}", c.definition.id(), status);
            c.criticalSince = HealthCheck.CRITICAL.equals(status) ? now : -1;
        }
        c.status = status;
        c.output = output == null ? "" : output;
        dirty |= statusChanged;
    }

    private HealthCheck toHealthCheck(CheckState c) {
        CatalogService s = services.get(c.definition.serviceId());
        return new HealthCheck(config.nodeName(), c.definition.id(), c.definition.name(), c.status, c.definition.notes(),
                c.output, c.definition.serviceId(), s == null ? "" : s.name(), s == null ? List.of() : s.tags(),
                c.definition.ttl() != null ? "ttl" : "", 0, 0);
    }

    // ---- timers and anti-entropy --------------------------------------------------------------------

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            expireAndReap(now);
            boolean full = now - lastFullSync >= FULL_SYNC_MS;
            boolean due;
            synchronized (this) {
                due = (dirty || full) && !syncing;
            }
            if (due) {
                sync(now, full);
            }
        } catch (RuntimeException e) {
            LOG.warn("agent: check or sync turn failed: {}", e.toString());
        }
    }

    synchronized void expireAndReap(long now) {
        List<String> reap = new ArrayList<>();
        for (CheckState c : checks.values()) {
            if (now >= c.ttlDeadline && !HealthCheck.CRITICAL.equals(c.status)) {
                LOG.warn("agent: check TTL expired check={}", c.definition.id());
                setStatus(c, HealthCheck.CRITICAL, TTL_EXPIRED, now);
            }
            Duration dcsa = c.definition.deregisterCriticalServiceAfter();
            if (dcsa != null && c.criticalSince >= 0 && !c.definition.serviceId().isEmpty()
                    && now - c.criticalSince >= Math.max(dcsa.toMillis(), MIN_DEREGISTER_AFTER.toMillis())) {
                reap.add(c.definition.serviceId());
            }
        }
        for (String service : reap) {
            if (services.containsKey(service)) {
                LOG.warn("agent: check critical for longer than its DeregisterCriticalServiceAfter, deregistering"
                        + " service={}", service);
                deregisterService(service);
            }
        }
    }

    /** Compares the catalog's entries for this node with the local ones and writes the differences. */
    private void sync(long now, boolean full) {
        CatalogWriter w = writer;
        StateStore s = store;
        if (w == null || s == null) {
            return; // a client agent syncs through its servers (not in this build yet)
        }
        List<Registration> registrations = new ArrayList<>();
        List<Deregistration> deregistrations = new ArrayList<>();
        synchronized (this) {
            dirty = false;
            syncing = true;
            String node = config.nodeName();
            var catalogNode = s.catalogNode(node).value();
            Map<String, CatalogService> inCatalog = new HashMap<>();
            catalogNode.ifPresent(e -> e.getValue().forEach(cs -> inCatalog.put(cs.id(), cs)));
            Map<String, HealthCheck> checksInCatalog = new HashMap<>();
            s.nodeChecks(node).value().forEach(c -> checksInCatalog.put(c.checkId(), c));
            CatalogNode self = new CatalogNode(config.nodeId(), node, config.advertiseAddr(), config.datacenter(),
                    Map.of(), config.nodeMeta(), 0, 0);
            for (CatalogService local : services.values()) {
                List<HealthCheck> changed = changedChecks(local.id(), checksInCatalog, now);
                CatalogService there = inCatalog.get(local.id());
                boolean serviceChanged = there == null || !there.withIndexes(0, 0).equals(local.withIndexes(0, 0));
                if (serviceChanged || !changed.isEmpty()) {
                    registrations.add(new Registration(self, local, changed, true));
                }
            }
            List<HealthCheck> nodeChecks = changedChecks("", checksInCatalog, now);
            if (!nodeChecks.isEmpty() || (catalogNode.isEmpty() && registrations.isEmpty())) {
                registrations.add(new Registration(self, null, nodeChecks, true));
            }
            for (CatalogService there : inCatalog.values()) {
                if (!services.containsKey(there.id()) && !there.id().equals("consul")) {
                    deregistrations.add(new Deregistration(node, there.id(), ""));
                }
            }
            for (HealthCheck there : checksInCatalog.values()) {
                if (!checks.containsKey(there.checkId()) && !there.checkId().equals("serfHealth")
                        && (there.serviceId().isEmpty() || services.containsKey(there.serviceId()))) {
                    deregistrations.add(new Deregistration(node, "", there.checkId()));
                }
            }
        }
        if (full) {
            lastFullSync = now;
        }
        List<java.util.concurrent.CompletableFuture<?>> writes = new ArrayList<>();
        registrations.forEach(r -> writes.add(w.register(r)));
        deregistrations.forEach(d -> writes.add(w.deregister(d)));
        java.util.concurrent.CompletableFuture.allOf(writes.toArray(java.util.concurrent.CompletableFuture[]::new))
                .whenComplete((done, failure) -> {
                    synchronized (this) {
                        syncing = false;
                        if (failure != null) {
                            dirty = true; // no leader right now: try again on the next turn
                        }
                    }
                    if (!registrations.isEmpty() || !deregistrations.isEmpty()) {
                        LOG.debug("agent: synced registrations={} deregistrations={}", registrations.size(),
                                deregistrations.size());
                    }
                });
    }

    /** This service's (or, for "", the node's) checks whose catalog copy differs enough to write. */
    private List<HealthCheck> changedChecks(String serviceId, Map<String, HealthCheck> inCatalog, long now) {
        List<HealthCheck> out = new ArrayList<>();
        for (CheckState c : checks.values()) {
            if (!c.definition.serviceId().equals(serviceId)) {
                continue;
            }
            HealthCheck local = toHealthCheck(c);
            HealthCheck there = inCatalog.get(c.definition.id());
            if (there == null || !there.status().equals(local.status()) || !there.name().equals(local.name())
                    || !there.notes().equals(local.notes()) || !there.serviceId().equals(local.serviceId())) {
                out.add(local);
                c.outputSyncedAt = now;
            } else if (!there.output().equals(local.output()) && now - c.outputSyncedAt >= OUTPUT_HOLD_MS) {
                out.add(local);
                c.outputSyncedAt = now;
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
