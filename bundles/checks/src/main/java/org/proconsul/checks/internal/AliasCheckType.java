package org.proconsul.checks.internal;

import java.time.Duration;
import java.util.ArrayList;
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

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        if (spec.ttl() != null || (spec.interval() != null && !spec.interval().isZero())) {
            throw new InvalidCheckException("Interval cannot be set for Alias checks");
        }
        if (spec.text("AliasService").isEmpty() && spec.text("AliasNode").isEmpty()) {
            throw new InvalidCheckException("AliasService or AliasNode must be set for Alias checks");
        }
        return new CheckPlan(POLL, TIMEOUT);
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String node = spec.text("AliasNode");
        String service = spec.text("AliasService");
        if (node.isEmpty() || node.equals(context.nodeName())) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    aggregate(context.localChecks().values(), service, spec.checkId()));
        }
        return context.catalogNodeChecks(node).handle((checks, failure) -> failure != null
                ? CheckResult.critical("Failed to read the health of node " + node + ": " + failure.getMessage())
                : aggregate(checks, service, spec.checkId()));
    }

    /** The worst status of the node's checks and the aliased service's, with Consul's outputs. */
    static CheckResult aggregate(Collection<HealthCheck> checks, String service, String self) {
        List<HealthCheck> counted = new ArrayList<>();
        boolean serviceSeen = service.isEmpty();
        for (HealthCheck c : checks) {
            if (c.checkId().equals(self)) {
                continue; // never alias itself
            }
            if (!c.serviceId().isEmpty() && !c.serviceId().equals(service)) {
                continue;
            }
            serviceSeen |= c.serviceId().equals(service);
            counted.add(c);
        }
        if (!serviceSeen) {
            return CheckResult.critical("Service not found: " + service);
        }
        if (counted.isEmpty()) {
            return CheckResult.passing("No checks found.");
        }
        String worst = HealthCheck.PASSING;
        for (HealthCheck c : counted) {
            if (HealthCheck.CRITICAL.equals(c.status())) {
                worst = HealthCheck.CRITICAL;
            } else if (HealthCheck.WARNING.equals(c.status()) && HealthCheck.PASSING.equals(worst)) {
                worst = HealthCheck.WARNING;
            }
        }
        return switch (worst) {
            case HealthCheck.PASSING -> CheckResult.passing("All checks passing.");
            case HealthCheck.WARNING -> CheckResult.warning("At least one check is warning.");
            default -> CheckResult.critical("At least one check is critical.");
        };
    }
}
