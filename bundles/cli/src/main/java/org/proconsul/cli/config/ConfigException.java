package org.proconsul.cli.config;

/**
 * The agent's configuration cannot be used; {@code consul agent} prints the message and exits with 1
 * before anything starts.
 *
 * <p>{@link #getMessage()} is one line. {@link #consulText()} is the text Consul itself prints after its
 * {@code "==> "} prefix, which for some errors wraps the same content in Go's error-list layout over
 * several lines (for example {@code failed to parse a.json: 1 error occurred:\n\t* invalid config key x\n\n})
 * or, for a flag error, adds {@code error parsing flags: } in front (Go's flag package has then already
 * printed the bare message and the flag usage to stderr).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where the problem was found, which decides how Consul reports it. */
    public enum Kind {
        /** A flag Go's flag package rejects: unknown flag, bad value, missing value, bad syntax. */
        FLAGS,
        /** {@code -h} or {@code -help}: Consul prints its usage and exits with 1. */
        HELP,
        /** Words left after the flags: {@code Unexpected extra arguments: [...]}. */
        ARGUMENTS,
        /** Reading, parsing or validating the configuration. */
        CONFIG
    }

    private final Kind kind;
    private final String consulText;

    ConfigException(Kind kind, String message, String consulText) {
        super(message);
        this.kind = kind;
        this.consulText = consulText;
    }

    ConfigException(String message) {
        this(Kind.CONFIG, message, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The exact text Consul prints for this error (after its {@code "==> "} prefix); may span lines. */
    public String consulText() {
        return consulText;
    }
}
