package org.proconsul.state.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.CatalogWire;
import org.proconsul.api.catalog.CatalogWriter;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.NodeState;
import org.proconsul.api.catalog.NodeSync;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.rpc.RpcException;
import org.proconsul.api.rpc.RpcHandler;
import org.proconsul.api.state.StateStore;

/**
 * Anti-entropy on the server: an agent's node state against this server's catalog, differences written
 * through Raft. Also answers client agents over server RPC ({@value NodeSync#RPC_SERVICE}).
 */
@Component(service = NodeSync.class)
public final class NodeSyncComponent implements NodeSync {
    /** Owned by the leader's gossip reconciliation, never by an agent's sync. */
    private static final String LEADER_CHECK = "serfHealth";
    private static final String LEADER_SERVICE = "consul";

    private final StateStore store;
    private final CatalogWriter writer;
    private final ServiceRegistration<RpcHandler> rpc;
    private final ServiceRegistration<RpcHandler> nodeChecksRpc;

    @Activate
    public NodeSyncComponent(BundleContext context, @Reference StateStore store, @Reference CatalogWriter writer) {
        this.store = store;
        this.writer = writer;
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(RpcHandler.SERVICE_PROPERTY, RPC_SERVICE);
        this.rpc = context.registerService(RpcHandler.class, this::answer, props);
        java.util.Hashtable<String, Object> readProps = new java.util.Hashtable<>();
        readProps.put(RpcHandler.SERVICE_PROPERTY, NODE_CHECKS_RPC_SERVICE);
        this.nodeChecksRpc = context.registerService(RpcHandler.class, call -> CompletableFuture.completedFuture(
                CatalogWire.checks(store.nodeChecks(new String(call.request(), java.nio.charset.StandardCharsets.UTF_8))
                        .value())), readProps);
    }

    private CompletableFuture<byte[]> answer(org.proconsul.api.rpc.RpcCall call) {
        NodeState state;
        try {
            state = CatalogWire.nodeState(call.request());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException("catalog sync: " + e.getMessage()));
        }
        return sync(state).thenApply(writes -> ByteBuffer.allocate(4).putInt(writes).array());
    }

    @Override
    public CompletableFuture<Integer> sync(NodeState desired) {
        String node = desired.node().name();
        Map<String, CatalogService> inCatalog = new HashMap<>();
        var catalogNode = store.catalogNode(node).value();
        catalogNode.ifPresent(e -> e.getValue().forEach(s -> inCatalog.put(s.id(), s)));
        Map<String, HealthCheck> checksInCatalog = new HashMap<>();
        store.nodeChecks(node).value().forEach(c -> checksInCatalog.put(c.checkId(), c));
        Map<String, CatalogService> local = new HashMap<>();
        desired.services().forEach(s -> local.put(s.id(), s));
        Map<String, HealthCheck> localChecks = new HashMap<>();
        desired.checks().forEach(c -> localChecks.put(c.checkId(), c));

        List<Registration> registrations = new ArrayList<>();
        for (CatalogService s : desired.services()) {
            List<HealthCheck> changed = changed(desired, s.id(), checksInCatalog);
            CatalogService there = inCatalog.get(s.id());
            if (there == null || !there.withIndexes(0, 0).equals(s.withIndexes(0, 0)) || !changed.isEmpty()) {
                registrations.add(new Registration(desired.node(), s, changed, true));
            }
        }
        List<HealthCheck> nodeChecks = changed(desired, "", checksInCatalog);
        if (!nodeChecks.isEmpty() || (catalogNode.isEmpty() && registrations.isEmpty())) {
            registrations.add(new Registration(desired.node(), null, nodeChecks, true));
        }
        List<Deregistration> deregistrations = new ArrayList<>();
        for (CatalogService there : inCatalog.values()) {
            if (!local.containsKey(there.id()) && !there.id().equals(LEADER_SERVICE)) {
                deregistrations.add(new Deregistration(node, there.id(), ""));
            }
        }
        for (HealthCheck there : checksInCatalog.values()) {
            boolean serviceGoes = !there.serviceId().isEmpty() && !local.containsKey(there.serviceId());
            if (!localChecks.containsKey(there.checkId()) && !there.checkId().equals(LEADER_CHECK) && !serviceGoes) {
                deregistrations.add(new Deregistration(node, "", there.checkId()));
            }
        }
        List<CompletableFuture<CatalogWriter.CatalogWriteResult>> writes = new ArrayList<>();
        registrations.forEach(r -> writes.add(writer.register(r)));
        deregistrations.forEach(d -> writes.add(writer.deregister(d)));
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (CompletableFuture<CatalogWriter.CatalogWriteResult> w : writes) {
                CatalogWriter.CatalogWriteResult r = w.join();
                if (r.refused() != null) {
                    throw new IllegalStateException("catalog sync refused: " + r.refused().error());
                }
            }
            return writes.size();
        });
    }

    /** The node's (serviceId "") or a service's checks whose catalog copy differs. */
    private static List<HealthCheck> changed(NodeState desired, String serviceId, Map<String, HealthCheck> inCatalog) {
        List<HealthCheck> out = new ArrayList<>();
        for (HealthCheck c : desired.checks()) {
            if (!c.serviceId().equals(serviceId)) {
                continue;
            }
            HealthCheck there = inCatalog.get(c.checkId());
            if (there == null || !there.status().equals(c.status()) || !there.output().equals(c.output())
                    || !there.name().equals(c.name()) || !there.notes().equals(c.notes())
                    || !there.serviceId().equals(c.serviceId()) || !there.type().equals(c.type())) {
                out.add(c);
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        rpc.unregister();
        nodeChecksRpc.unregister();
    }
}
