package org.proconsul.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.HealthCheck;

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

    @AfterEach
    void stop() {
        agent.deactivate();
    }

    private static CatalogService api() {
        return new CatalogService("api-1", "api", List.of("v1"), "", Map.of(), 9000, 1, 1, false, 0, 0);
    }

    @Test
    void aTtlCheckStartsCriticalTakesUpdatesAndExpires() {
        agent.registerService(new ServiceDefinition(api(), List.of(new CheckDefinition("service:api-1", "api check",
                "api-1", Duration.ofSeconds(10), "", "", null))));
        HealthCheck start = agent.checks().get("service:api-1");
        assertEquals(HealthCheck.CRITICAL, start.status());
        assertEquals("api", start.serviceName());
        assertEquals(List.of("v1"), start.serviceTags());
        assertEquals("ttl", start.type());
        assertTrue(agent.updateCheck("service:api-1", HealthCheck.PASSING, "fine"));
        assertEquals("fine", agent.checks().get("service:api-1").output());
        long now = System.currentTimeMillis();
        agent.expireAndReap(now + 5_000);
        assertEquals(HealthCheck.PASSING, agent.checks().get("service:api-1").status(), "within its TTL");
        agent.expireAndReap(now + 11_000);
        HealthCheck expired = agent.checks().get("service:api-1");
        assertEquals(HealthCheck.CRITICAL, expired.status());
        assertEquals(AgentServicesComponent.TTL_EXPIRED, expired.output());
        assertFalse(agent.updateCheck("nope", HealthCheck.PASSING, ""));
    }

    @Test
    void aServiceCriticalLongerThanItsDeregisterTimeIsRemovedNeverBeforeAMinute() {
        agent.registerService(new ServiceDefinition(api(), List.of(new CheckDefinition("c", "c", "api-1",
                Duration.ofHours(1), "", "", Duration.ofSeconds(5)))));
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
                new CheckDefinition("c", "c", "ghost", Duration.ofSeconds(10), "", "", null)));
        assertTrue(e.notFound());
        assertFalse(agent.deregisterService("ghost"));
        assertFalse(agent.deregisterCheck("ghost"));
    }
}
