package org.proconsul.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;
import org.proconsul.checks.internal.TcpCheckType;
import org.proconsul.checks.internal.TtlCheckType;

/** TTL and reaping rules of the local agent, driven with explicit times (no sync: no catalog here). */
class AgentServicesComponentTest {
    private final AgentServicesComponent agent = new AgentServicesComponent(new LocalAgent() {
        @Override
        public AgentConfig config() {
            return new AgentConfig("n1", "id-1", "dc1", false, false, false, "10.0.0.1", "10.0.0.1", List.of(), 8500,
                    8600, 8300, 8301, 8302, "", "1.19.2", "", "", Map.of(), Map.of());
        }

        @Override
        public Instant startedAt() {
            return Instant.now();
        }
    });

    private final TtlCheckType ttl = new TtlCheckType();

    @BeforeEach
    void installTypes() {
        agent.bindCheckType(ttl, Map.of(CheckType.TYPE, "ttl"));
        agent.bindCheckType(new TcpCheckType(), Map.of(CheckType.TYPE, "tcp"));
    }

    @AfterEach
    void stop() {
        agent.deactivate();
    }

    private static CatalogService api() {
        return new CatalogService("api-1", "api", List.of("v1"), "", Map.of(), 9000, 1, 1, false, 0, 0);
    }

    @Test
    void aTtlCheckStartsCriticalTakesUpdatesAndExpires() {
        agent.registerService(new ServiceDefinition(api(), List.of(CheckDefinition.ttl("service:api-1", "api check",
                "api-1", Duration.ofSeconds(10)))));
        HealthCheck start = agent.checks().get("service:api-1");
        assertEquals(HealthCheck.CRITICAL, start.status());
        assertEquals("api", start.serviceName());
        assertEquals(List.of("v1"), start.serviceTags());
        assertEquals("ttl", start.type());
        assertEquals(AgentServices.CheckUpdate.UPDATED, agent.updateCheck("service:api-1", HealthCheck.PASSING, ""));
        assertEquals("", agent.checks().get("service:api-1").output());
        long now = System.currentTimeMillis();
        agent.expireAndReap(now + 5_000);
        assertEquals(HealthCheck.PASSING, agent.checks().get("service:api-1").status(), "within its TTL");
        agent.expireAndReap(now + 11_000);
        HealthCheck expired = agent.checks().get("service:api-1");
        assertEquals(HealthCheck.CRITICAL, expired.status());
        assertEquals(AgentServicesComponent.TTL_EXPIRED, expired.output());
        assertEquals(AgentServices.CheckUpdate.UNKNOWN_CHECK, agent.updateCheck("nope", HealthCheck.PASSING, ""));
    }

    @Test
    void aServiceCriticalLongerThanItsDeregisterTimeIsRemovedNeverBeforeAMinute() {
        agent.registerService(new ServiceDefinition(api(), List.of(new CheckDefinition("c", "c", "api-1", "", "",
                "", null, null, Duration.ofHours(1), Duration.ofSeconds(5), 0, 0, 0, false, Map.of()))));
        long now = System.currentTimeMillis();
        agent.expireAndReap(now + 10_000);
        assertTrue(agent.service("api-1").isPresent(), "5s is raised to Consul's one minute");
        agent.expireAndReap(now + 61_000);
        assertTrue(agent.service("api-1").isEmpty());
        assertTrue(agent.checks().isEmpty(), "its checks went with it");
    }

    @Test
    void checksOfUnknownServicesAreRefused() {
        AgentServices.RefusedException e = assertThrows(AgentServices.RefusedException.class, () -> agent.registerCheck(
                CheckDefinition.ttl("c", "c", "ghost", Duration.ofSeconds(10))));
        assertTrue(e.notFound());
        assertFalse(agent.deregisterService("ghost"));
        assertFalse(agent.deregisterCheck("ghost"));
    }

    @Test
    void aServiceWithOneInvalidCheckIsRefusedWhole() {
        CheckDefinition good = CheckDefinition.ttl("good", "good", "api-1", Duration.ofSeconds(10));
        CheckDefinition noInterval = new CheckDefinition("bad", "bad", "api-1", "", "", "", null, null, null, null, 0, 0,
                0, false, Map.of("TCP", "127.0.0.1:1"));
        InvalidCheckException e = assertThrows(InvalidCheckException.class,
                () -> agent.registerService(new ServiceDefinition(api(), List.of(good, noInterval))));
        assertTrue(e.getMessage().startsWith("Interval must be > 0"), e.getMessage());
        assertTrue(agent.services().isEmpty(), "nothing half-registered");
        assertTrue(agent.checks().isEmpty());
    }

    @Test
    void aDefinitionWithoutAnyTypeOrOfAMissingTypeIsRefused() {
        CheckDefinition none = new CheckDefinition("x", "x", "", "", "", "", null, null, null, null, 0, 0, 0, false, Map.of());
        assertEquals(CheckSelector.NO_TYPE, assertThrows(InvalidCheckException.class, () -> agent.registerCheck(none))
                .getMessage());
        CheckDefinition grpc = new CheckDefinition("g", "g", "", "", "", "", Duration.ofSeconds(10), null, null, null,
                0, 0, 0, false, Map.of("GRPC", "127.0.0.1:1"));
        assertEquals("check type \"grpc\" is not available on this agent",
                assertThrows(InvalidCheckException.class, () -> agent.registerCheck(grpc)).getMessage());
    }

    @Test
    void checksOfARemovedTypeTurnCriticalAndRecoverWhenItReturns() {
        agent.registerCheck(CheckDefinition.ttl("t", "t", "", Duration.ofMinutes(10)));
        agent.updateCheck("t", HealthCheck.PASSING, "ok");
        agent.unbindCheckType(ttl, Map.of(CheckType.TYPE, "ttl"));
        HealthCheck orphan = agent.checks().get("t");
        assertEquals(HealthCheck.CRITICAL, orphan.status());
        assertEquals(AgentServicesComponent.missingType("ttl"), orphan.output());
        assertEquals(AgentServices.CheckUpdate.NOT_TTL, agent.updateCheck("t", HealthCheck.PASSING, ""),
                "no type, no updates");
        agent.expireAndReap(System.currentTimeMillis() + Duration.ofHours(1).toMillis());
        assertEquals(AgentServicesComponent.missingType("ttl"), agent.checks().get("t").output(),
                "a missing type's check does not expire either");
        agent.bindCheckType(ttl, Map.of(CheckType.TYPE, "ttl"));
        assertEquals(AgentServices.CheckUpdate.UPDATED, agent.updateCheck("t", HealthCheck.PASSING, "back"));
        assertEquals(HealthCheck.PASSING, agent.checks().get("t").status());
    }

    @Test
    void updatesToACheckThatRunsItselfAreRefused() {
        agent.registerCheck(new CheckDefinition("tcp", "tcp", "", "", "", "", Duration.ofMinutes(1), null, null, null,
                0, 0, 0, false, Map.of("TCP", "127.0.0.1:1")));
        assertEquals("tcp", agent.checks().get("tcp").type());
        assertEquals(AgentServices.CheckUpdate.NOT_TTL, agent.updateCheck("tcp", HealthCheck.PASSING, ""));
    }

    @Test
    void thresholdsHoldAResultUntilEnoughCameInARow() {
        StatusThresholds t = new StatusThresholds(2, 0, 3);
        assertEquals(HealthCheck.CRITICAL, t.admit(HealthCheck.CRITICAL), "the first result always applies");
        assertNull(t.admit(HealthCheck.PASSING));
        assertEquals(HealthCheck.PASSING, t.admit(HealthCheck.PASSING));
        assertNull(t.admit(HealthCheck.CRITICAL));
        assertNull(t.admit(HealthCheck.CRITICAL));
        assertNull(t.admit(HealthCheck.WARNING), "a success resets the failure count");
        assertNull(t.admit(HealthCheck.CRITICAL));
        assertNull(t.admit(HealthCheck.CRITICAL));
        assertEquals(HealthCheck.CRITICAL, t.admit(HealthCheck.CRITICAL));
        StatusThresholds warnFirst = new StatusThresholds(0, 1, 3);
        assertEquals(HealthCheck.PASSING, warnFirst.admit(HealthCheck.PASSING));
        assertEquals(HealthCheck.WARNING, warnFirst.admit(HealthCheck.CRITICAL), "short of critical, at warning");
        assertEquals(HealthCheck.WARNING, warnFirst.admit(HealthCheck.CRITICAL));
        assertEquals(HealthCheck.CRITICAL, warnFirst.admit(HealthCheck.CRITICAL));
        StatusThresholds none = new StatusThresholds(0, 0, 0);
        assertEquals(HealthCheck.CRITICAL, none.admit(HealthCheck.CRITICAL));
        assertEquals(HealthCheck.WARNING, none.admit(HealthCheck.WARNING));
    }

    @Test
    void aReRegisteredCheckKeepsItsStatusAndAnExpiredTtlQuotesTheLastOutput() {
        agent.registerCheck(CheckDefinition.ttl("t", "t", "", Duration.ofSeconds(10)));
        agent.updateCheck("t", HealthCheck.PASSING, "last words");
        agent.registerCheck(CheckDefinition.ttl("t", "t renamed", "", Duration.ofSeconds(10)));
        HealthCheck again = agent.checks().get("t");
        assertEquals(HealthCheck.PASSING + "|last words|t renamed", again.status() + "|" + again.output() + "|" + again.name());
        agent.expireAndReap(System.currentTimeMillis() + 11_000);
        assertEquals("TTL expired (last output before timeout follows): last words", agent.checks().get("t").output());
        agent.updateCheck("t", HealthCheck.PASSING, "y".repeat(5000));
        assertEquals("y".repeat(4096) + " ... (captured 4096 of 5000 bytes)", agent.checks().get("t").output());
    }

    @Test
    void theFullSyncSlowsDownAsTheClusterGrows() {
        assertEquals(60_000, AgentServicesComponent.fullSyncInterval(60_000, 1));
        assertEquals(60_000, AgentServicesComponent.fullSyncInterval(60_000, 128));
        assertEquals(120_000, AgentServicesComponent.fullSyncInterval(60_000, 129));
        assertEquals(120_000, AgentServicesComponent.fullSyncInterval(60_000, 256));
        assertEquals(180_000, AgentServicesComponent.fullSyncInterval(60_000, 257));
        assertEquals(480_000, AgentServicesComponent.fullSyncInterval(60_000, 10_000));
    }

    @Test
    void maintenanceChecksAreTheAgentsOwn() {
        agent.registerService(new ServiceDefinition(api(), List.of()));
        agent.nodeMaintenance(true, "");
        HealthCheck node = agent.checks().get("_node_maintenance");
        assertEquals(HealthCheck.CRITICAL, node.status());
        assertEquals(AgentServicesComponent.DEFAULT_NODE_REASON, node.notes());
        assertEquals("maintenance", node.type());
        agent.nodeMaintenance(true, "second reason");
        assertEquals(AgentServicesComponent.DEFAULT_NODE_REASON, agent.checks().get("_node_maintenance").notes(),
                "enabling twice keeps the first");
        assertEquals(AgentServices.CheckUpdate.NOT_TTL, agent.updateCheck("_node_maintenance", HealthCheck.PASSING, ""));
        assertTrue(agent.serviceMaintenance("api-1", true, "deploy"));
        assertEquals("api-1", agent.checks().get("_service_maintenance:api-1").serviceId());
        assertFalse(agent.serviceMaintenance("ghost", true, ""));
        agent.nodeMaintenance(false, "");
        assertTrue(agent.deregisterService("api-1"));
        assertTrue(agent.checks().isEmpty(), "a service's maintenance check goes with it");
    }
}
