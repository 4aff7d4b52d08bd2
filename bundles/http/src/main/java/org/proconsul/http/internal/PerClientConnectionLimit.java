package org.proconsul.http.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's {@code limits.http_max_conns_per_client}: connections from one client IP beyond the limit
 * are closed as soon as they open. 0 disables the limit.
 */
final class PerClientConnectionLimit implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PerClientConnectionLimit.class);

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    /** The client each open connection was counted against: a closed endpoint no longer knows its peer. */
    private final ConcurrentHashMap<Connection, String> counted = new ConcurrentHashMap<>();

    PerClientConnectionLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public void onOpened(Connection connection) {
        String client = client(connection.getEndPoint().getRemoteSocketAddress());
        counted.put(connection, client);
        int count = open.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
        if (limit > 0 && count > limit) {
            LOG.warn("http: connection refused, too many connections from client={} limit={}", client, limit);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String client = counted.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
