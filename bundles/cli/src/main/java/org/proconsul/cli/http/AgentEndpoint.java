package org.proconsul.cli.http;

/**
 * Where the agent's HTTP API is, parsed from an address the way Consul's {@code api.NewClient} reads
 * {@code CONSUL_HTTP_ADDR}/{@code -http-addr}: {@code host:port} (scheme from {@code CONSUL_HTTP_SSL}),
 * {@code http://host:port[/prefix]}, {@code https://host:port[/prefix]} or {@code unix:///path/to/socket}.
 */
public final class AgentEndpoint {
    private final String scheme;
    private final String hostPort;
    private final String unixPath;
    private final String pathPrefix;

    private AgentEndpoint(String scheme, String hostPort, String unixPath, String pathPrefix) {
        this.scheme = scheme;
        this.hostPort = hostPort;
        this.unixPath = unixPath;
        this.pathPrefix = pathPrefix;
    }

    /**
     * Parses {@code address}; {@code https} selects TLS when the address has no scheme (and keeps it for
     * {@code http://}, as Consul never downgrades an explicit TLS request).
     *
     * @throws ConsulApiException {@code Unknown protocol scheme: ftp}
     */
    public static AgentEndpoint parse(String address, boolean https) throws ConsulApiException {
        String scheme = https ? "https" : "http";
        int sep = address.indexOf("://");
        if (sep < 0) {
            return new AgentEndpoint(scheme, address, null, "");
        }
        String given = address.substring(0, sep);
        String rest = address.substring(sep + 3);
        switch (given) {
            case "http":
                break;
            case "https":
                scheme = "https";
                break;
            case "unix":
                return new AgentEndpoint(scheme, rest, rest, "");
            default:
                throw new ConsulApiException("Unknown protocol scheme: " + given);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            return new AgentEndpoint(scheme, rest.substring(0, slash), null, "/" + rest.substring(slash + 1));
        }
        return new AgentEndpoint(scheme, rest, null, "");
    }

    public String scheme() {
        return scheme;
    }

    public boolean tls() {
        return "https".equals(scheme);
    }

    /** {@code host[:port]} as written; for a Unix socket, the socket path. */
    public String hostPort() {
        return hostPort;
    }

    /** The Unix socket path, or null for TCP. */
    public String unixPath() {
        return unixPath;
    }

    /** Reverse-proxy path prefix ("" or "/something"). */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** Host without port and brackets. */
    public String host() {
        String hp = hostPort;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            return end > 0 ? hp.substring(1, end) : hp.substring(1);
        }
        int colon = hp.lastIndexOf(':');
        return colon >= 0 && hp.indexOf(':') == colon ? hp.substring(0, colon) : hp;
    }

    /** The port, defaulting to 80/443 like a Go URL without one. */
    public int port() throws ConsulApiException {
        String hp = hostPort;
        String portText = null;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end > 0 && end + 1 < hp.length() && hp.charAt(end + 1) == ':') {
                portText = hp.substring(end + 2);
            }
        } else {
            int colon = hp.lastIndexOf(':');
            if (colon >= 0 && hp.indexOf(':') == colon) {
                portText = hp.substring(colon + 1);
            }
        }
        if (portText == null || portText.isEmpty()) {
            return tls() ? 443 : 80;
        }
        try {
            int p = Integer.parseInt(portText);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ConsulApiException("parse \"" + scheme + "://" + hostPort + "\": invalid port \":" + portText
                    + "\" after host");
        }
    }

    /** The URL text Go would print for a request to {@code escapedPathAndQuery}. */
    String urlFor(String escapedPathAndQuery) {
        String host = unixPath != null ? GoUrl.escapeHost(unixPath) : hostPort;
        return scheme + "://" + host + escapedPathAndQuery;
    }
}
