package org.proconsul.state.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.catalog.ServiceEntry;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.storage.Bytes;
import org.proconsul.api.storage.ReadView;

/**
 * The catalog's tables and how register and deregister change them. Keys: {@code nodes} by node name,
 * {@code services} and {@code checks} by {@code node NUL id}, and {@code service_names} by
 * {@code service NUL node NUL id} (empty values) so one service's instances are one range. A write
 * that changes nothing leaves the records and their ModifyIndex alone, as Consul's does.
 */
final class CatalogTables {
    static final String SERVICE_NAMES = "service_names";
    private static final String NUL = "\0";

    private CatalogTables() {
    }

    /**
     * What a write changed: tables, for table indexes and watches; and, for sessions, the checks that are
     * critical now or gone ({@code node NUL check}) and the nodes that went.
     */
    static final class Touched {
        final Set<String> tables = new TreeSet<>();
        final Set<String> failedChecks = new java.util.LinkedHashSet<>();
        final Set<String> removedNodes = new java.util.LinkedHashSet<>();
    }

    /** Applies a registration; returns the error text when it is refused (nothing written then). */
    static String register(StagedView staged, long index, Registration r, Touched touched) {
        CatalogNode node = r.node();
        String name = node.name();
        Map<String, CatalogService> existingServices = services(staged, name);
        CatalogService service = r.service();
        for (HealthCheck c : r.checks()) {
            if (!c.serviceId().isEmpty() && !existingServices.containsKey(c.serviceId())
                    && (service == null || !service.id().equals(c.serviceId()))) {
                return "Unknown service ID '" + c.serviceId() + "' for check ID '" + c.checkId() + "'";
            }
        }
        byte[] storedNode = staged.get(StateStore.NODES, Codec.utf8(name));
        CatalogNode existing = storedNode == null ? null : org.proconsul.api.catalog.CatalogWire.node(storedNode);
        if (existing == null || (!r.skipNodeUpdate() && !sameNode(existing, node))) {
            CatalogNode next = existing != null && r.skipNodeUpdate() ? existing : node;
            staged.put(StateStore.NODES, Codec.utf8(name), org.proconsul.api.catalog.CatalogWire.node(next.withIndexes(
                    existing == null ? index : existing.createIndex(), index)));
            touched.tables.add(StateStore.NODES);
        }
        if (service != null) {
            CatalogService old = existingServices.get(service.id());
            if (old == null || !sameService(old, service)) {
                if (old != null && !old.name().equals(service.name())) {
                    staged.delete(SERVICE_NAMES, Codec.utf8(old.name() + NUL + name + NUL + old.id()));
                }
                staged.put(StateStore.SERVICES, key(name, service.id()), org.proconsul.api.catalog.CatalogWire.service(service.withIndexes(
                        old == null ? index : old.createIndex(), index)));
                staged.put(SERVICE_NAMES, Codec.utf8(service.name() + NUL + name + NUL + service.id()), new byte[0]);
                touched.tables.add(StateStore.SERVICES);
                existingServices.put(service.id(), service);
            }
        }
        for (HealthCheck c : r.checks()) {
            CatalogService owner = c.serviceId().isEmpty() ? null : existingServices.get(c.serviceId());
            HealthCheck check = new HealthCheck(name, c.checkId(), c.name(), c.status(), c.notes(), c.output(),
                    c.serviceId(), owner == null ? "" : owner.name(), owner == null ? List.of() : owner.tags(), c.type(),
                    0, 0);
            byte[] stored = staged.get(StateStore.CHECKS, key(name, c.checkId()));
            HealthCheck old = stored == null ? null : org.proconsul.api.catalog.CatalogWire.check(stored);
            if (old == null || !sameCheck(old, check)) {
                staged.put(StateStore.CHECKS, key(name, c.checkId()), org.proconsul.api.catalog.CatalogWire.check(check.withIndexes(
                        old == null ? index : old.createIndex(), index)));
                touched.tables.add(StateStore.CHECKS);
            }
            if (HealthCheck.CRITICAL.equals(check.status())) {
                touched.failedChecks.add(name + NUL + c.checkId());
            }
        }
        return null;
    }

    static void deregister(StagedView staged, Deregistration d, Touched touched) {
        String node = d.node();
        if (!d.checkId().isEmpty()) {
            if (staged.get(StateStore.CHECKS, key(node, d.checkId())) != null) {
                staged.delete(StateStore.CHECKS, key(node, d.checkId()));
                touched.tables.add(StateStore.CHECKS);
                touched.failedChecks.add(node + NUL + d.checkId());
            }
            return;
        }
        Map<String, CatalogService> services = services(staged, node);
        List<HealthCheck> checks = checks(staged, node);
        if (!d.serviceId().isEmpty()) {
            CatalogService s = services.get(d.serviceId());
            if (s != null) {
                removeService(staged, node, s, touched);
            }
            for (HealthCheck c : checks) {
                if (c.serviceId().equals(d.serviceId())) {
                    staged.delete(StateStore.CHECKS, key(node, c.checkId()));
                    touched.tables.add(StateStore.CHECKS);
                    touched.failedChecks.add(node + NUL + c.checkId());
                }
            }
            return;
        }
        if (staged.get(StateStore.NODES, Codec.utf8(node)) != null) {
            staged.delete(StateStore.NODES, Codec.utf8(node));
            touched.tables.add(StateStore.NODES);
            touched.removedNodes.add(node);
        }
        services.values().forEach(s -> removeService(staged, node, s, touched));
        for (HealthCheck c : checks) {
            staged.delete(StateStore.CHECKS, key(node, c.checkId()));
            touched.tables.add(StateStore.CHECKS);
        }
    }

    private static void removeService(StagedView staged, String node, CatalogService s, Touched touched) {
        staged.delete(StateStore.SERVICES, key(node, s.id()));
        staged.delete(SERVICE_NAMES, Codec.utf8(s.name() + NUL + node + NUL + s.id()));
        touched.tables.add(StateStore.SERVICES);
    }

    // ---- reads ---------------------------------------------------------------------------------------

    static List<CatalogNode> nodes(ReadView view) {
        List<CatalogNode> out = new ArrayList<>();
        view.scan(StateStore.NODES, new byte[0], null, (k, v) -> out.add(org.proconsul.api.catalog.CatalogWire.node(v)));
        return out;
    }

    static Optional<CatalogNode> node(ReadView view, String name) {
        byte[] stored = view.get(StateStore.NODES, Codec.utf8(name));
        return stored == null ? Optional.empty() : Optional.of(org.proconsul.api.catalog.CatalogWire.node(stored));
    }

    /** The services of a node by id (in id order). */
    static Map<String, CatalogService> services(ReadView view, String node) {
        Map<String, CatalogService> out = new TreeMap<>();
        byte[] from = Codec.utf8(node + NUL);
        view.scan(StateStore.SERVICES, from, Bytes.prefixEnd(from), (k, v) -> {
            CatalogService s = org.proconsul.api.catalog.CatalogWire.service(v);
            out.put(s.id(), s);
            return true;
        });
        return out;
    }

    static List<HealthCheck> checks(ReadView view, String node) {
        List<HealthCheck> out = new ArrayList<>();
        byte[] from = Codec.utf8(node + NUL);
        view.scan(StateStore.CHECKS, from, Bytes.prefixEnd(from), (k, v) -> out.add(org.proconsul.api.catalog.CatalogWire.check(v)));
        return out;
    }

    static List<HealthCheck> allChecks(ReadView view) {
        List<HealthCheck> out = new ArrayList<>();
        view.scan(StateStore.CHECKS, new byte[0], null, (k, v) -> out.add(org.proconsul.api.catalog.CatalogWire.check(v)));
        return out;
    }

    static SortedMap<String, List<String>> serviceNames(ReadView view) {
        SortedMap<String, Set<String>> tags = new TreeMap<>();
        view.scan(StateStore.SERVICES, new byte[0], null, (k, v) -> {
            CatalogService s = org.proconsul.api.catalog.CatalogWire.service(v);
            tags.computeIfAbsent(s.name(), n -> new TreeSet<>()).addAll(s.tags());
            return true;
        });
        SortedMap<String, List<String>> out = new TreeMap<>();
        tags.forEach((name, set) -> out.put(name, List.copyOf(set)));
        return out;
    }

    /** Each instance of {@code service}, by node then id, with its node checks and its own checks. */
    static List<ServiceEntry> instances(ReadView view, String service) {
        List<String[]> where = new ArrayList<>();
        byte[] from = Codec.utf8(service + NUL);
        view.scan(SERVICE_NAMES, from, Bytes.prefixEnd(from), (k, v) -> {
            String[] parts = Codec.string(k).split(NUL, 3);
            where.add(new String[] {parts[1], parts[2]});
            return true;
        });
        List<ServiceEntry> out = new ArrayList<>();
        for (String[] w : where) {
            Optional<CatalogNode> node = node(view, w[0]);
            byte[] stored = view.get(StateStore.SERVICES, key(w[0], w[1]));
            if (node.isEmpty() || stored == null) {
                continue;
            }
            List<HealthCheck> checks = new ArrayList<>();
            for (HealthCheck c : checks(view, w[0])) {
                if (c.serviceId().isEmpty() || c.serviceId().equals(w[1])) {
                    checks.add(c);
                }
            }
            out.add(new ServiceEntry(node.get(), org.proconsul.api.catalog.CatalogWire.service(stored), checks));
        }
        return out;
    }

    static long index(ReadView view, String... tables) {
        long max = 0;
        for (String t : tables) {
            max = Math.max(max, Codec.toLong(view.get(Tables.META, Tables.tableIndexKey(t))));
        }
        return max;
    }

    private static byte[] key(String node, String id) {
        return Codec.utf8(node + NUL + id);
    }

    private static boolean sameNode(CatalogNode a, CatalogNode b) {
        return a.id().equals(b.id()) && a.address().equals(b.address()) && a.datacenter().equals(b.datacenter())
                && a.taggedAddresses().equals(b.taggedAddresses()) && a.meta().equals(b.meta());
    }

    private static boolean sameService(CatalogService a, CatalogService b) {
        return a.withIndexes(0, 0).equals(b.withIndexes(0, 0));
    }

    private static boolean sameCheck(HealthCheck a, HealthCheck b) {
        return a.withIndexes(0, 0).equals(b.withIndexes(0, 0));
    }
}
