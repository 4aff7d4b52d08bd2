package org.proconsul.checks.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;

/**
 * {@code ttl}: nothing to run. The service reports through pass/warn/fail/update; the agent turns the check
 * critical when no report came within the TTL.
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=ttl")
public final class TtlCheckType implements CheckType {

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        if (spec.interval() != null && spec.interval().compareTo(Duration.ZERO) > 0) {
            throw new InvalidCheckException(IntervalRules.INTERVAL_AND_TTL);
        }
        if (spec.ttl() == null || spec.ttl().compareTo(Duration.ZERO) <= 0) {
            throw new InvalidCheckException("TTL must be > 0 for TTL checks");
        }
        return CheckPlan.pushed();
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        return CompletableFuture.failedFuture(new IllegalStateException("a TTL check is never run"));
    }
}
