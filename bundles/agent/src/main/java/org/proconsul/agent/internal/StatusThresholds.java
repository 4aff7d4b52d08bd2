package org.proconsul.agent.internal;

import org.proconsul.api.catalog.HealthCheck;

/**
 * {@code success_before_passing}, {@code failures_before_warning} and {@code failures_before_critical}: a
 * run's result moves a check only once enough results of its kind came in a row. Passing and warning
 * results count as successes, critical ones as failures; each resets the other count. A failure short of
 * the critical count but at the warning count reports warning. The counts start full, so the first result
 * after registration always applies, as in Consul.
 */
final class StatusThresholds {
    private final int successBeforePassing;
    private final int failuresBeforeWarning;
    private final int failuresBeforeCritical;
    private int successes;
    private int failures;

    StatusThresholds(int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical) {
        this.successBeforePassing = successBeforePassing;
        this.failuresBeforeCritical = failuresBeforeCritical;
        this.failuresBeforeWarning = failuresBeforeWarning == 0 ? failuresBeforeCritical : failuresBeforeWarning;
        this.successes = successBeforePassing;
        this.failures = failuresBeforeCritical;
    }

    /** Counts a result; the status to report, or null when the check keeps its status and output. */
    String admit(String status) {
        if (HealthCheck.CRITICAL.equals(status)) {
            failures++;
            successes = 0;
            if (failures >= failuresBeforeCritical) {
                return HealthCheck.CRITICAL;
            }
            return failures >= failuresBeforeWarning ? HealthCheck.WARNING : null;
        }
        successes++;
        failures = 0;
        return successes >= successBeforePassing ? status : null;
    }
}
