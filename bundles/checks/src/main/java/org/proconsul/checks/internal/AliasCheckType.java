package org.proconsul.checks.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;

/**
 * {@code alias}: mirrors the health of another service ({@code AliasService}) or node ({@code AliasNode}):
 * the worst of the node's checks and, with a service, that service's checks. On this agent's own node the
 * agent's local state is read; another node's comes from the catalog through a server. Polled every
 * second: Consul watches instead, a difference of at most that second.
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=alias")
public final class AliasCheckType implements CheckType {
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Fields of the periodic types: Consul refuses them beside an alias. */
    private static final List<String> INTERVAL_FIELDS = List.of("HTTP", "TCP", "UDP", "GRPC", "H2PING", "OSService",
            "Args", "ScriptArgs");

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        boolean periodic = INTERVAL_FIELDS.stream().anyMatch(f -> spec.parameter(f) != null);
        if (periodic && spec.interval() != null && spec.interval().compareTo(Duration.ZERO) > 0) {
            throw new InvalidCheckException("Interval cannot be set for Alias checks");
        }
        if (spec.ttl() != null && spec.ttl().compareTo(Duration.ZERO) > 0) {
            throw new InvalidCheckException("TTL must be not be set for Alias checks"); // sic, Consul's text
        }
        if (spec.text("AliasService").isEmpty() && spec.text("AliasNode").isEmpty()) {
            throw new InvalidCheckException("TTL must be > 0 for TTL checks");
        }
        return new CheckPlan(POLL, TIMEOUT); // an Interval given with an alias is ignored, as Consul does
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String node = spec.text("AliasNode");
        String service = spec.text("AliasService");
        if (node.isEmpty() || node.equals(context.nodeName())) {
            boolean known = service.isEmpty() || context.localServices().contains(service);
            // Consul's local alias names no node in its not-found text, leaving a trailing space
            return java.util.concurrent.CompletableFuture.completedFuture(
                    aggregate(context.localChecks().values(), service, spec.checkId(), known, node));
        }
        return context.catalogNodeChecks(node).handle((checks, failure) -> failure != null
                ? CheckResult.critical("Failure checking aliased node or service: " + failure.getMessage())
                : aggregate(checks, service, spec.checkId(), true, node));
    }

    /**
     * The node's checks and the aliased service's, as Consul folds them: the first critical decides, else
     * the last warning, else all passing; a service neither known nor checked is critical.
     */
    static CheckResult aggregate(Collection<HealthCheck> checks, String service, String self, boolean serviceKnown,
            String node) {
        CheckResult result = CheckResult.passing("No checks found.");
        boolean serviceChecked = false;
        for (HealthCheck c : checks) {
            if (c.checkId().equals(self) || (!c.serviceId().isEmpty() && !c.serviceId().equals(service))) {
                continue; // never itself; other services' checks do not count
            }
            serviceChecked |= !service.isEmpty() && c.serviceId().equals(service);
            if (HealthCheck.CRITICAL.equals(c.status()) || HealthCheck.WARNING.equals(c.status())) {
                result = new CheckResult(c.status(), "Aliased check \"" + c.name() + "\" failing: " + c.output());
                if (HealthCheck.CRITICAL.equals(c.status())) {
                    break;
                }
            } else if (HealthCheck.PASSING.equals(result.status())) {
                result = CheckResult.passing("All checks passing.");
            }
        }
        if (!service.isEmpty() && !serviceChecked && !serviceKnown) {
            return CheckResult.critical("Service " + service + " could not be found on node " + node);
        }
        return result;
    }
}
