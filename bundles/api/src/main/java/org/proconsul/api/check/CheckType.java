package org.proconsul.api.check;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of health check ({@code http}, {@code tcp}, {@code script}, …), registered as an OSGi service
 * with {@link #TYPE}{@code =NAME}. The agent asks it to {@link #plan} a definition when the definition is
 * registered (refusing it on {@link InvalidCheckException}) and then calls {@link #run} on the plan's
 * schedule, one run at a time per check, on a thread it may block.
 */
@ConsumerType
public interface CheckType {
    /** The service property naming the type; definitions pick it by their fields or a {@code Type} field. */
    String TYPE = "check.type";

    /**
     * Validates a definition and says how to run it.
     *
     * @throws InvalidCheckException with Consul's text (the HTTP API prefixes {@code Invalid check: })
     * @throws CheckRefusedException when the agent's settings forbid the definition
     */
    CheckPlan plan(CheckSpec spec, CheckContext context);

    /**
     * Runs the check once. Must finish within {@code plan.timeout()}: the agent counts a run still going
     * after that (plus a moment) as critical and does not start another until it ends.
     */
    CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context);
}
