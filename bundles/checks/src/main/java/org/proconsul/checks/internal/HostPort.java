package org.proconsul.checks.internal;

/** A "host:port" or "[v6]:port" target, split as Go's net.SplitHostPort splits it. */
record HostPort(String host, int port) {

    /** @throws IllegalArgumentException worded as Go's address errors */
    static HostPort parse(String target) {
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + target + ": missing port in address");
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("address " + target + ": too many colons in address");
        }
        String portText = target.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + target + ": invalid port");
        }
        return new HostPort(host.isEmpty() ? "localhost" : host, port);
    }
}
