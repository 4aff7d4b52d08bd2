package org.proconsul.api.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent runs a definition: every {@code every} (null for a check whose status is only pushed to
 * the agent, as a TTL check's is), each run given {@code timeout}.
 */
public record CheckPlan(Duration every, Duration timeout) {
    public CheckPlan {
        Objects.requireNonNull(timeout);
    }

    public static CheckPlan pushed() {
        return new CheckPlan(null, Duration.ZERO);
    }

    public boolean scheduled() {
        return every != null;
    }
}
