package org.proconsul.api.check;

import java.util.Objects;

/** One run's outcome: {@code passing}, {@code warning} or {@code critical}, and the output to show. */
public record CheckResult(String status, String output) {
    public CheckResult {
        Objects.requireNonNull(status);
        output = output == null ? "" : output;
    }

    public static CheckResult passing(String output) {
        return new CheckResult("passing", output);
    }

    public static CheckResult warning(String output) {
        return new CheckResult("warning", output);
    }

    public static CheckResult critical(String output) {
        return new CheckResult("critical", output);
    }
}
