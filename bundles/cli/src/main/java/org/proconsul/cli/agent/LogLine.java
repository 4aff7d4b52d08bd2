package org.proconsul.cli.agent;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** A log line in the agent's format, for what the launcher reports before and around Karaf. */
final class LogLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private LogLine() {
    }

    static String now(String level, String message) {
        return OffsetDateTime.now().format(TIME) + " [" + String.format("%-5s", level) + "] " + message;
    }
}
