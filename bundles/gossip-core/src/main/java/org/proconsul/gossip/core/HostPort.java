package org.proconsul.gossip.core;

/** Splits "ip:port" (or "[v6]:port") without resolving anything: the core never touches the network. */
record HostPort(String host, int port) {

    /** The parsed address, or null when the text is not host:port with a port in 1..65535. */
    static HostPort parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1 || address.length() > 64) {
            return null;
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = 0;
        for (int i = colon + 1; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < '0' || c > '9' || port > 65535) {
                return null;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 && !host.isEmpty() ? new HostPort(host, port) : null;
    }
}
