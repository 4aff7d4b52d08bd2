package org.proconsul.cli.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;

/**
 * The connection flags every client command shares, and how they combine with the environment into a
 * {@link ConsulHttpClient}. Precedence follows Consul: a flag given on the command line beats its
 * environment variable ({@code CONSUL_HTTP_ADDR}, {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_HTTP_TOKEN_FILE},
 * {@code CONSUL_NAMESPACE}, {@code CONSUL_PARTITION}, {@code CONSUL_CACERT}, …), an empty address or token
 * falls back to the environment/default, and a readable token file beats any token.
 *
 * <p>TLS is limited to the JVM's default trust store (or no verification with
 * {@code CONSUL_HTTP_SSL_VERIFY=false}); custom CA and client certificates are refused with a clear error.
 */
public final class HttpFlags {
    public static final String DEFAULT_ADDRESS = "127.0.0.1:8500";

    private static final GoFlagSet.Group HTTP = GoFlagSet.Group.HTTP;

    private HttpFlags() {
    }

    /** {@code -http-addr}, {@code -token}, {@code -token-file} and the TLS file flags. */
    public static void addClientFlags(GoFlagSet fs) {
        fs.string(HTTP, "http-addr", "", "address",
                "Address of the agent's HTTP API: host:port, http://host:port, https://host:port or "
                        + "unix:///path/to/socket. Defaults to CONSUL_HTTP_ADDR, else http://127.0.0.1:8500; "
                        + "CONSUL_HTTP_SSL=true switches an address without scheme to HTTPS.");
        fs.string(HTTP, "token", "", "value",
                "ACL token sent with each request. Defaults to CONSUL_HTTP_TOKEN; without one the agent "
                        + "applies its own default token.");
        fs.string(HTTP, "token-file", "", "value",
                "File holding the ACL token; takes precedence over -token and CONSUL_HTTP_TOKEN. "
                        + "Defaults to CONSUL_HTTP_TOKEN_FILE.");
        fs.string(HTTP, "ca-file", "", "value",
                "CA certificate file for verifying the agent over HTTPS (CONSUL_CACERT). "
                        + "Not supported by this client yet.");
        fs.string(HTTP, "ca-path", "", "value",
                "Directory of CA certificates for HTTPS (CONSUL_CAPATH). Not supported by this client yet.");
        fs.string(HTTP, "client-cert", "", "value",
                "Client certificate for HTTPS with verify_incoming (CONSUL_CLIENT_CERT). "
                        + "Not supported by this client yet.");
        fs.string(HTTP, "client-key", "", "value",
                "Private key of -client-cert (CONSUL_CLIENT_KEY). Not supported by this client yet.");
        fs.string(HTTP, "tls-server-name", "", "value",
                "Server name expected in the agent's certificate (CONSUL_TLS_SERVER_NAME). "
                        + "Not supported by this client yet.");
    }

    /** {@code -datacenter} and {@code -stale}. */
    public static void addServerFlags(GoFlagSet fs) {
        fs.string(HTTP, "datacenter", "", "value",
                "Datacenter to query. Defaults to the datacenter of the agent being asked.");
        fs.bool(HTTP, "stale", false,
                "Let any server answer a read, not only the leader: faster and available without a "
                        + "leader, possibly slightly out of date. Ignored by writes.");
    }

    /** {@code -namespace} and {@code -partition} (Enterprise concepts; passed through to the agent). */
    public static void addTenancyFlags(GoFlagSet fs) {
        fs.string(GoFlagSet.Group.COMMAND, "namespace", "", "value",
                "Namespace to use (CONSUL_NAMESPACE). An Enterprise feature; passed to the agent as is.");
        addPartitionFlag(fs);
    }

    public static void addPartitionFlag(GoFlagSet fs) {
        fs.string(GoFlagSet.Group.COMMAND, "partition", "", "value",
                "Admin partition to use (CONSUL_PARTITION). An Enterprise feature; passed to the agent as is.");
    }

    /** Whether {@code -stale} was given (false when the command has no such flag). */
    public static boolean stale(GoFlagSet fs) {
        return has(fs, "stale") && fs.getBool("stale");
    }

    /**
     * Builds the client for the parsed flags and environment.
     *
     * @throws ConsulApiException what Consul prints after {@code Error connecting to Consul agent: }
     */
    public static ConsulHttpClient client(GoFlagSet fs, Io io) throws ConsulApiException {
        String address = io.env("CONSUL_HTTP_ADDR");
        if (address.isEmpty()) {
            address = DEFAULT_ADDRESS;
        }
        String flagAddress = fs.getString("http-addr");
        if (!flagAddress.isEmpty()) {
            address = flagAddress;
        }
        boolean https = false;
        Boolean ssl = parseBool(io.env("CONSUL_HTTP_SSL"));
        if (ssl != null && ssl) {
            https = true;
        }
        AgentEndpoint endpoint = AgentEndpoint.parse(address, https);

        String token = io.env("CONSUL_HTTP_TOKEN");
        if (!fs.getString("token").isEmpty()) {
            token = fs.getString("token");
        }
        String tokenFile = fs.isSet("token-file") ? fs.getString("token-file") : io.env("CONSUL_HTTP_TOKEN_FILE");
        if (!tokenFile.isEmpty()) {
            String fromFile = readTokenFile(tokenFile);
            if (!fromFile.isEmpty()) {
                token = fromFile;
            }
        }

        String basicAuth = null;
        String auth = io.env("CONSUL_HTTP_AUTH");
        if (!auth.isEmpty()) {
            basicAuth = auth.indexOf(':') >= 0 ? auth : auth + ":";
        }
        Boolean verify = parseBool(io.env("CONSUL_HTTP_SSL_VERIFY"));
        boolean skipVerify = verify != null && !verify;

        if (endpoint.tls()) {
            String[][] tlsOptions = {
                {"ca-file", "CONSUL_CACERT"}, {"ca-path", "CONSUL_CAPATH"}, {"client-cert", "CONSUL_CLIENT_CERT"},
                {"client-key", "CONSUL_CLIENT_KEY"}, {"tls-server-name", "CONSUL_TLS_SERVER_NAME"},
            };
            for (String[] o : tlsOptions) {
                if (!fs.getString(o[0]).isEmpty() || !io.env(o[1]).isEmpty()) {
                    throw new ConsulApiException("-" + o[0] + " (" + o[1] + ") is not supported by this client yet; "
                            + "HTTPS works with the JVM's default trust store or CONSUL_HTTP_SSL_VERIFY=false");
                }
            }
        }

        Map<String, String> params = new HashMap<>();
        if (has(fs, "datacenter") && !fs.getString("datacenter").isEmpty()) {
            params.put("dc", fs.getString("datacenter"));
        }
        String ns = io.env("CONSUL_NAMESPACE");
        if (has(fs, "namespace") && !fs.getString("namespace").isEmpty()) {
            ns = fs.getString("namespace");
        }
        if (!ns.isEmpty()) {
            params.put("ns", ns);
        }
        String partition = io.env("CONSUL_PARTITION");
        if (has(fs, "partition") && !fs.getString("partition").isEmpty()) {
            partition = fs.getString("partition");
        }
        if (!partition.isEmpty()) {
            params.put("partition", partition);
        }
        return new ConsulHttpClient(endpoint, token, basicAuth, skipVerify, params);
    }

    private static String readTokenFile(String path) throws ConsulApiException {
        try {
            return new String(Files.readAllBytes(Paths.get(path)), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConsulApiException("Error loading token file: " + goFileError("open", path, e));
        }
    }

    /** A file error worded like Go's {@code *fs.PathError}: {@code open /x: no such file or directory}. */
    public static String goFileError(String op, String path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return op + " " + path + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return op + " " + path + ": permission denied";
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.toLowerCase(java.util.Locale.ROOT).contains("is a directory")) {
            return "read " + path + ": is a directory";
        }
        return op + " " + path + ": " + m;
    }

    private static boolean has(GoFlagSet fs, String name) {
        return fs.has(name);
    }

    private static Boolean parseBool(String s) {
        return GoFlagSet.parseBool(s);
    }
}
