package org.proconsul.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
import org.proconsul.api.catalog.CatalogWire;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.NodeState;
import org.proconsul.api.catalog.NodeSync;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.rpc.RpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local agent's services and checks. TTL checks start critical, take their status from updates and
 * turn critical with {@code TTL expired} when none came in time; a service whose check stays critical
 * longer than its {@code DeregisterCriticalServiceAfter} is deregistered. Anti-entropy sends the node's
 * whole state to a server on every change and on a timer (a change of check output alone waits
 * {@code check_update_interval}); the server writes only the differences and removes what the agent does
 * not have, which also repairs a catalog changed behind the agent's back.
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
        String syncedStatus;
        String syncedOutput;

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
    // a server's own anti-entropy; a client agent has none and reaches a server's over RPC
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeSync nodeSync;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RpcClient rpc;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Membership membership;
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

    /**
     * Sends this node's whole local state to a server's anti-entropy ({@link NodeSync}: the local one on a
     * server, one reached over server RPC on a client agent), which writes only the differences. A check
     * whose output alone changed is sent with the output last synced until {@code check_update_interval}
     * has passed, so chatty outputs do not become Raft writes.
     */
    private void sync(long now, boolean full) {
        NodeState state;
        synchronized (this) {
            dirty = false;
            syncing = true;
            List<HealthCheck> out = new ArrayList<>();
            for (CheckState c : checks.values()) {
                HealthCheck local = toHealthCheck(c);
                boolean statusMoved = !local.status().equals(c.syncedStatus);
                if (statusMoved || now - c.outputSyncedAt >= OUTPUT_HOLD_MS || c.syncedOutput == null) {
                    c.syncedStatus = local.status();
                    c.syncedOutput = local.output();
                    c.outputSyncedAt = now;
                }
                out.add(new HealthCheck(local.node(), local.checkId(), local.name(), local.status(), local.notes(),
                        c.syncedOutput, local.serviceId(), local.serviceName(), local.serviceTags(), local.type(), 0, 0));
            }
            CatalogNode self = new CatalogNode(config.nodeId(), config.nodeName(), config.advertiseAddr(),
                    config.datacenter(), Map.of(), config.nodeMeta(), 0, 0);
            state = new NodeState(self, List.copyOf(services.values()), out);
        }
        if (full) {
            lastFullSync = now;
        }
        CompletableFuture<Integer> done;
        NodeSync local = nodeSync;
        try {
            done = local != null ? local.sync(state) : remoteSync(state);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e); // a store going away mid-sync: retried like a refusal
        }
        done.whenComplete((writes, failure) -> {
            synchronized (this) {
                syncing = false;
                if (failure != null) {
                    dirty = true; // no server or no leader right now: the next turn tries again
                }
            }
            if (failure != null) {
                LOG.debug("agent: sync failed: {}", failure.toString());
            } else if (writes > 0) {
                LOG.debug("agent: synced node={} writes={}", config.nodeName(), writes);
            }
        });
    }

    /** A client agent's sync: the node state to an alive server of its datacenter, over server RPC. */
    private CompletableFuture<Integer> remoteSync(NodeState state) {
        RpcClient client = rpc;
        Membership pool = membership;
        if (client == null || pool == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no server RPC yet"));
        }
        List<String> servers = new ArrayList<>();
        for (Member m : pool.members(false)) {
            if (m.status() == MemberStatus.ALIVE && "consul".equals(m.tags().get("role"))
                    && config.datacenter().equals(m.tags().get("dc")) && m.tags().get("port") != null) {
                servers.add(m.address() + ":" + m.tags().get("port"));
            }
        }
        if (servers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("No known Consul servers"));
        }
        String server = servers.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(servers.size()));
        return client.call(server, NodeSync.RPC_SERVICE, CatalogWire.nodeState(state), Duration.ofSeconds(10))
                .thenApply(reply -> java.nio.ByteBuffer.wrap(reply).getInt());
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
