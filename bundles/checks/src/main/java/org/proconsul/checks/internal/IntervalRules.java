package org.proconsul.checks.internal;

import java.time.Duration;

import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.InvalidCheckException;

/** The timing rules every periodic check type shares with Consul's. */
final class IntervalRules {
    static final String INTERVAL_REQUIRED = "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";
    static final String INTERVAL_AND_TTL = "Interval and TTL cannot both be specified";
    /** Consul keeps at most 4 KiB of a check's output. */
    static final int OUTPUT_MAX = 4096;

    private IntervalRules() {
    }

    /** A plan running every {@code Interval}, each run given {@code Timeout} or the type's default. */
    static CheckPlan periodic(CheckSpec spec, Duration defaultTimeout) {
        if (spec.interval() != null && spec.ttl() != null && spec.interval().compareTo(Duration.ZERO) > 0
                && spec.ttl().compareTo(Duration.ZERO) > 0) {
            throw new InvalidCheckException(INTERVAL_AND_TTL);
        }
        if (spec.interval() == null || spec.interval().compareTo(Duration.ZERO) <= 0) {
            throw new InvalidCheckException(INTERVAL_REQUIRED);
        }
        Duration timeout = spec.timeout() == null || spec.timeout().compareTo(Duration.ZERO) <= 0
                ? defaultTimeout : spec.timeout();
        return new CheckPlan(spec.interval(), timeout);
    }

    /** A run's captured output as Consul shows it: the last 4 KiB, saying how much there was. */
    static String tail(byte[] kept, long total) {
        String text = new String(kept, java.nio.charset.StandardCharsets.UTF_8);
        return total <= kept.length ? text : "Captured " + kept.length + " of " + total + " bytes\n...\n" + text;
    }
}
