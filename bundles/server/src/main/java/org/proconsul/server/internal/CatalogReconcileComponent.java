package org.proconsul.server.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.CatalogWriter;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader duty, as Consul's: gossip's LAN members are kept in the catalog. An alive member is a node with
 * a passing {@code serfHealth} check (and, for a server, the {@code consul} service on its server port);
 * a failed one keeps its node with {@code serfHealth} critical; a member that left, or that gossip no longer
 * lists, is deregistered with everything on it. Nodes registered without {@code serfHealth} (external
 * services) are never touched. Only differences are written, a bounded number per turn.
 */
@Component(immediate = true, configurationPid = "org.proconsul.server", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class CatalogReconcileComponent {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogReconcileComponent.class);
    static final String SERF_CHECK = "serfHealth";
    static final String SERF_CHECK_NAME = "Serf Health Status";
    static final String ALIVE_OUTPUT = "Agent alive and reachable";
    static final String FAILED_OUTPUT = "Agent not live or unreachable";
    private static final long TURN_MS = 1_000;
    private static final int WRITES_PER_TURN = 64;

    private final Consensus consensus;
    private final StateStore store;
    private final CatalogWriter writer;
    private final Membership membership;
    private final String datacenter;
    private final ScheduledExecutorService timer;

    @Activate
    public CatalogReconcileComponent(@Reference Consensus consensus, @Reference StateStore store,
            @Reference CatalogWriter writer, @Reference Membership membership, @Reference LocalAgent agent) {
        this.consensus = consensus;
        this.store = store;
        this.writer = writer;
        this.membership = membership;
        this.datacenter = agent.config().datacenter();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-reconcile");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::turn, TURN_MS, TURN_MS, TimeUnit.MILLISECONDS);
    }

    private void turn() {
        try {
            if (!"Leader".equals(consensus.view().state())) {
                return;
            }
            List<CompletableFuture<?>> writes = new ArrayList<>();
            Map<String, Member> members = new HashMap<>();
            for (Member m : membership.members(false)) {
                if (datacenter.equals(m.tags().getOrDefault("dc", datacenter))) {
                    members.put(m.name(), m);
                }
            }
            for (Member m : members.values()) {
                if (writes.size() >= WRITES_PER_TURN) {
                    break;
                }
                reconcile(m).ifPresent(writes::add);
            }
            for (CatalogNode node : store.catalogNodes().value()) {
                if (writes.size() >= WRITES_PER_TURN) {
                    break;
                }
                if (!members.containsKey(node.name()) && hasSerfCheck(node.name())) {
                    LOG.info("catalog: deregistering node reaped from gossip node={}", node.name());
                    writes.add(writer.deregister(new Deregistration(node.name(), "", "")));
                }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("catalog: reconcile turn did not finish: {}", e.toString());
        }
    }

    /** The write that brings one member's catalog entry in line with gossip, if any is needed. */
    private Optional<CompletableFuture<?>> reconcile(Member m) {
        if (m.status() == MemberStatus.LEFT) {
            if (store.catalogNode(m.name()).value().isPresent()) {
                LOG.info("catalog: deregistering node that left node={}", m.name());
                return Optional.of(writer.deregister(new Deregistration(m.name(), "", "")));
            }
            return Optional.empty();
        }
        boolean alive = m.status() == MemberStatus.ALIVE || m.status() == MemberStatus.LEAVING;
        String status = alive ? HealthCheck.PASSING : HealthCheck.CRITICAL;
        Registration wanted = registration(m, status);
        if (isCurrent(wanted)) {
            return Optional.empty();
        }
        LOG.info("catalog: registering member node={} address={} serfHealth={}", m.name(), m.address(), status);
        return Optional.of(writer.register(wanted));
    }

    private Registration registration(Member m, String status) {
        Map<String, String> tagged = Map.of("lan", m.address(), "lan_ipv4", m.address(), "wan", m.address(),
                "wan_ipv4", m.address());
        CatalogNode node = new CatalogNode(m.tags().getOrDefault("id", ""), m.name(), m.address(), datacenter, tagged,
                Map.of("consul-network-segment", ""), 0, 0);
        CatalogService service = null;
        if ("consul".equals(m.tags().get("role"))) {
            int port = parsePort(m.tags().get("port"));
            String build = m.tags().getOrDefault("build", "");
            service = new CatalogService("consul", "consul", List.of(), "", Map.of("raft_version", "3",
                    "serf_protocol_current", Integer.toString(m.protocolCur()), "serf_protocol_min",
                    Integer.toString(m.protocolMin()), "serf_protocol_max", Integer.toString(m.protocolMax()),
                    "version", build.contains(":") ? build.substring(0, build.indexOf(':')) : build),
                    port, 1, 1, false, 0, 0);
        }
        HealthCheck serf = new HealthCheck(m.name(), SERF_CHECK, SERF_CHECK_NAME, status, "",
                HealthCheck.PASSING.equals(status) ? ALIVE_OUTPUT : FAILED_OUTPUT, "", "", List.of(), "", 0, 0);
        return new Registration(node, service, List.of(serf), false);
    }

    /** True when the catalog already holds exactly what the registration would write. */
    private boolean isCurrent(Registration wanted) {
        String name = wanted.node().name();
        var node = store.catalogNode(name).value();
        if (node.isEmpty() || !sameNode(node.get().getKey(), wanted.node())) {
            return false;
        }
        if (wanted.service() != null && node.get().getValue().stream()
                .noneMatch(s -> s.withIndexes(0, 0).equals(wanted.service().withIndexes(0, 0)))) {
            return false;
        }
        HealthCheck serf = wanted.checks().get(0);
        return store.nodeChecks(name).value().stream().anyMatch(c -> c.checkId().equals(SERF_CHECK)
                && c.status().equals(serf.status()) && c.output().equals(serf.output()) && c.name().equals(serf.name()));
    }

    private static boolean sameNode(CatalogNode a, CatalogNode b) {
        return a.withIndexes(0, 0).equals(b.withIndexes(0, 0));
    }

    private boolean hasSerfCheck(String node) {
        return store.nodeChecks(node).value().stream().anyMatch(c -> c.checkId().equals(SERF_CHECK));
    }

    private static int parsePort(String port) {
        try {
            return port == null ? 8300 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return 8300;
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
