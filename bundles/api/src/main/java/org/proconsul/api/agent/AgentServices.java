package org.proconsul.api.agent;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.HealthCheck;

/**
 * The services and checks registered with this agent ({@code /v1/agent/service/*}, {@code /v1/agent/check/*}).
 * The agent owns them: it keeps their status and syncs them to the catalog (anti-entropy), repairing the
 * catalog when it was changed behind its back.
 */
@ProviderType
public interface AgentServices {

    /**
     * Registers or replaces a service and its checks; a check of another service id is refused, and so is
     * the whole service when one of its checks is invalid ({@link org.proconsul.api.check.InvalidCheckException}).
     */
    void registerService(ServiceDefinition definition);

    /** Removes a service and its checks; false when no service has that id. */
    boolean deregisterService(String id);

    Map<String, CatalogService> services();

    Optional<CatalogService> service(String id);

    /**
     * Registers or replaces a check; one naming an unknown service id is refused, one its type cannot run
     * throws {@link org.proconsul.api.check.InvalidCheckException}.
     */
    void registerCheck(CheckDefinition check);

    /** False when no check has that id. */
    boolean deregisterCheck(String id);

    Map<String, HealthCheck> checks();

    /**
     * Node maintenance: while enabled the node carries the critical check {@code _node_maintenance} with the
     * reason as its notes (Consul's default text when empty). Enabling twice keeps the first reason.
     */
    void nodeMaintenance(boolean enable, String reason);

    /**
     * Service maintenance, as node maintenance with the check {@code _service_maintenance:ID}; false when no
     * service has that id.
     */
    boolean serviceMaintenance(String serviceId, boolean enable, String reason);

    /**
     * Consul's reload: the agent's configuration is read again and the services and checks of its config files
     * replace those registered from them before (API registrations stay). Completes when they are in place;
     * fails with {@link RefusedException} carrying the configuration's error.
     */
    java.util.concurrent.CompletableFuture<Void> reloadConfig();

    /** A TTL check's new status and output (pass/warn/fail/update). */
    CheckUpdate updateCheck(String id, String status, String output);

    /** What became of a status pushed to a check. */
    enum CheckUpdate {
        UPDATED,
        UNKNOWN_CHECK,
        /** The check runs itself (http, tcp …): its status is not taken from outside. */
        NOT_TTL
    }

    /** A definition this agent cannot take; the message is Consul's text for it. */
    final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean notFound;

        public RefusedException(String message, boolean notFound) {
            super(message);
            this.notFound = notFound;
        }

        /** True when the refusal is about a missing service or check (HTTP 404), not a bad definition. */
        public boolean notFound() {
            return notFound;
        }
    }
}
