package org.proconsul.cli.command;

import java.util.List;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;

/**
 * Base of the commands that are HTTP clients of a running agent: they take Consul's HTTP API flags and
 * open the client from them, and report failures in Consul's words.
 */
abstract class HttpClientCommand extends FlagCommand {

    /** The HTTP API flags a command takes besides the client ones, as Consul's commands choose them. */
    enum ExtraFlags {
        /** {@code -datacenter}, {@code -stale}, {@code -namespace} and {@code -partition}: the KV commands. */
        SERVER_AND_TENANCY,
        /** {@code -partition} alone: {@code members}. */
        PARTITION
    }

    HttpClientCommand(Io io, ExtraFlags extra) {
        super(io);
        HttpFlags.addClientFlags(flags);
        switch (extra) {
            case SERVER_AND_TENANCY -> {
                HttpFlags.addServerFlags(flags);
                HttpFlags.addTenancyFlags(flags);
            }
            case PARTITION -> HttpFlags.addPartitionFlag(flags);
        }
    }

    /**
     * Opens the client for the parsed flags. On failure prints Consul's connection error and returns null;
     * the caller then exits 1.
     */
    protected ConsulHttpClient connect() {
        try {
            return HttpFlags.client(flags, io);
        } catch (ConsulApiException e) {
            io.error("Error connecting to Consul agent: " + e.getMessage());
            return null;
        }
    }

    /**
     * The optional {@code KEY_OR_PREFIX} argument without a leading slash, "" when absent. With more than one
     * argument prints Consul's error and returns null; the caller then exits 1.
     */
    protected String optionalKeyArgument() {
        List<String> rest = flags.args();
        if (rest.size() > 1) {
            io.error("Too many arguments (expected 1, got " + rest.size() + ")");
            return null;
        }
        String key = rest.isEmpty() ? "" : rest.get(0);
        return key.startsWith("/") ? key.substring(1) : key;
    }

    /** Prints Consul's message for a failed read; the caller then exits 1. */
    protected void queryFailed(ConsulApiException e) {
        io.error("Error querying Consul agent: " + e.getMessage());
    }
}
