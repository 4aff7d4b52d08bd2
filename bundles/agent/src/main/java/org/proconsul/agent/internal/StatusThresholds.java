package org.proconsul.agent.internal;

import org.proconsul.api.catalog.HealthCheck;

/**
 * {@code success_before_passing} and {@code failures_before_critical}: a run's result moves a check only
 * once enough results of its kind came in a row. A passing or warning result counts as a success, a
 * critical one as a failure; each resets the other count. Until the threshold is met the check keeps its
 * status. 0 and 1 both mean at once.
 */
final class StatusThresholds {
    private final int successBeforePassing;
    private final int failuresBeforeCritical;
    private int successes;
    private int failures;

    StatusThresholds(int successBeforePassing, int failuresBeforeCritical) {
        this.successBeforePassing = successBeforePassing;
        this.failuresBeforeCritical = failuresBeforeCritical;
    }

    /** Counts a result; true when it should become the check's status. */
    boolean admit(String status) {
        if (HealthCheck.CRITICAL.equals(status)) {
            failures++;
            successes = 0;
            return failures >= failuresBeforeCritical;
        }
        successes++;
        failures = 0;
        return successes >= successBeforePassing;
    }
}
