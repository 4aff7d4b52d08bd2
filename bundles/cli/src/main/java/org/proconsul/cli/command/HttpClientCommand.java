package org.proconsul.cli.command;

import java.util.List;
import java.util.Map;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * Base of the commands that are HTTP clients of a running agent: they take Consul's HTTP API flags and
 * open the client from them, and report failures in Consul's words.
 */
abstract class HttpClientCommand extends FlagCommand {

    /** The HTTP API flags a command takes besides the client ones, as Consul's commands choose them. */
    enum ExtraFlags {
        /** {@code -datacenter}, {@code -stale}, {@code -namespace} and {@code -partition}: the KV commands. */
        SERVER_AND_TENANCY,
        /** {@code -partition} alone: {@code members}, {@code join}, {@code force-leave}. */
        PARTITION,
        /** Only the client flags: {@code leave}, {@code keyring}. */
        NONE
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
            case NONE -> { }
        }
    }

    /**
     * Parses the arguments and opens the client, for commands that need nothing in between. On failure
     * prints Consul's message and returns null; the caller then exits 1.
     */
    protected ConsulHttpClient parseAndConnect(String[] args) {
        return parse(args) ? connect() : null;
    }

    /** Query parameters for the server flags: {@code stale} when {@code -stale} was given. */
    protected java.util.Map<String, String> consistencyParams() {
        java.util.Map<String, String> params = new java.util.HashMap<>();
        if (HttpFlags.stale(flags)) {
            params.put("stale", "");
        }
        return params;
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

    /**
     * Prints {@code message}, an empty line and the help to stderr, as Consul does for a wrong number of
     * arguments; returns the exit code 1.
     */
    protected int usageError(String message) {
        io.error(message);
        io.error("");
        io.error(help());
        return 1;
    }

    /**
     * Sends one request and accepts only a 200 reply, as the Go api client's {@code requireOK} does; any
     * other status becomes {@code Unexpected response code: N (body)}.
     *
     * @param jsonBody request body sent as {@code application/json}, or null for none
     */
    protected static HttpResponse requireOk(ConsulHttpClient client, String method, String path,
                                            Map<String, String> params, byte[] jsonBody) throws ConsulApiException {
        HttpResponse r = client.send(method, path, params, jsonBody, jsonBody == null ? null : "application/json");
        if (r.status() != 200) {
            throw new ConsulApiException("Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")",
                    r.status());
        }
        return r;
    }

    /**
     * Sends a command's single request with {@link #requireOk} and closes the client. On failure prints
     * {@code errorPrefix} and the error to stderr and returns null; the caller then exits 1.
     */
    protected HttpResponse sendOnce(ConsulHttpClient client, String errorPrefix, String method, String path,
                                    Map<String, String> params, byte[] jsonBody) {
        try (client) {
            return requireOk(client, method, path, params, jsonBody);
        } catch (ConsulApiException e) {
            io.error(errorPrefix + e.getMessage());
            return null;
        }
    }
}
