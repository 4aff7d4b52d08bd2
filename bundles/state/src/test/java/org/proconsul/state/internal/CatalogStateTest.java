package org.proconsul.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.catalog.ServiceEntry;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

class CatalogStateTest {
    private KvStateStore store;
    private long index;

    @BeforeEach
    void open() {
        store = new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
        index = 0;
    }

    private ApplyResponse.Single register(Registration r) {
        return (ApplyResponse.Single) store.apply(++index, Command.encode(new Command.CatalogRegister(r)));
    }

    private void deregister(String node, String service, String check) {
        store.apply(++index, Command.encode(new Command.CatalogDeregister(new Deregistration(node, service, check))));
    }

    private static CatalogNode node(String name, String address) {
        return new CatalogNode("", name, address, "dc1", Map.of(), Map.of("rack", "r1"), 0, 0);
    }

    private static CatalogService web(String id, String... tags) {
        return new CatalogService(id, "web", List.of(tags), "", Map.of(), 8080, 1, 1, false, 0, 0);
    }

    private static HealthCheck check(String id, String serviceId, String status) {
        return new HealthCheck("", id, id + " check", status, "", "out", serviceId, "", List.of(), "ttl", 0, 0);
    }

    @Test
    void registrationsReadBackAsConsulShowsThem() {
        assertTrue(register(new Registration(node("n1", "10.0.0.1"), web("web-1", "v1"),
                List.of(check("node-ok", "", HealthCheck.PASSING), check("web-1-ttl", "web-1", "")), false)).success());
        assertTrue(register(new Registration(node("n2", "10.0.0.2"), web("web-2", "v2"), List.of(), false)).success());

        assertEquals(List.of("n1", "n2"), store.catalogNodes().value().stream().map(CatalogNode::name).toList());
        assertEquals(Map.of("web", List.of("v1", "v2")), store.catalogServices().value());
        List<ServiceEntry> web = store.serviceInstances("web").value();
        assertEquals(2, web.size());
        ServiceEntry first = web.get(0);
        assertEquals("10.0.0.1", first.node().address());
        assertEquals(List.of("node-ok", "web-1-ttl"), first.checks().stream().map(HealthCheck::checkId).toList());
        HealthCheck ttl = first.checks().get(1);
        assertEquals(HealthCheck.CRITICAL, ttl.status(), "a check without a status starts critical");
        assertEquals("web", ttl.serviceName());
        assertEquals(List.of("v1"), ttl.serviceTags());
        assertEquals("n1", ttl.node());
        assertEquals(HealthCheck.CRITICAL, first.aggregatedStatus());
        assertEquals(HealthCheck.PASSING, web.get(1).aggregatedStatus());
        assertEquals(1, store.checksInState(HealthCheck.CRITICAL).value().size());
        assertEquals(2, store.checksInState("any").value().size());
        assertEquals(List.of("web-1-ttl"), store.serviceChecks("web").value().stream().map(HealthCheck::checkId).toList());
    }

    @Test
    void anUnchangedRegistrationKeepsItsIndexesAndWakesNobody() {
        Registration r = new Registration(node("n1", "10.0.0.1"), web("web-1"), List.of(check("c", "web-1", "passing")),
                false);
        register(r);
        long modified = store.serviceInstances("web").value().get(0).service().modifyIndex();
        long tableIndex = store.serviceInstances("web").index();
        AtomicInteger woke = new AtomicInteger();
        store.watch(new WatchTarget.Table(StateStore.SERVICES), woke::incrementAndGet);
        register(r);
        assertEquals(modified, store.serviceInstances("web").value().get(0).service().modifyIndex());
        assertEquals(tableIndex, store.serviceInstances("web").index());
        assertEquals(0, woke.get());
        register(new Registration(node("n1", "10.0.0.1"), null, List.of(check("c", "web-1", "warning")), false));
        assertEquals(index, store.nodeChecks("n1").index(), "a status change moves the checks index");
        assertEquals(HealthCheck.WARNING, store.nodeChecks("n1").value().get(0).status());
    }

    @Test
    void aCheckOfAnUnknownServiceRefusesTheWholeRegistration() {
        ApplyResponse.Single refused = register(new Registration(node("n1", "10.0.0.1"), web("web-1"),
                List.of(check("c", "db-1", "passing")), false));
        assertFalse(refused.success());
        assertEquals("Unknown service ID 'db-1' for check ID 'c'", refused.error());
        assertTrue(store.catalogNodes().value().isEmpty(), "nothing half-registered");
        assertTrue(store.serviceInstances("web").value().isEmpty());
    }

    @Test
    void deregisterRemovesACheckAServiceWithItsChecksOrANodeWithEverything() {
        register(new Registration(node("n1", "10.0.0.1"), web("web-1"),
                List.of(check("node", "", "passing"), check("svc", "web-1", "passing")), false));
        register(new Registration(node("n1", "10.0.0.1"), web("web-2"), List.of(check("svc2", "web-2", "passing")),
                false));
        deregister("n1", "", "node");
        assertEquals(List.of("svc", "svc2"), store.nodeChecks("n1").value().stream().map(HealthCheck::checkId).toList());
        deregister("n1", "web-1", "");
        assertEquals(List.of("web-2"), store.serviceInstances("web").value().stream().map(e -> e.service().id()).toList());
        assertEquals(List.of("svc2"), store.nodeChecks("n1").value().stream().map(HealthCheck::checkId).toList());
        deregister("n1", "", "");
        assertTrue(store.catalogNodes().value().isEmpty());
        assertTrue(store.serviceInstances("web").value().isEmpty());
        assertTrue(store.nodeChecks("n1").value().isEmpty());
        assertTrue(store.catalogServices().value().isEmpty());
        deregister("ghost", "", "");
    }
}
