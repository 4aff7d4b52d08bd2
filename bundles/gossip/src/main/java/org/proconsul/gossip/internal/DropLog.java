package org.proconsul.gossip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator why gossip from an address is being dropped (a wrong key, garbage, a truncated
 * stream) without letting a sender flood the log: one line per sender host and reason per minute, with
 * how many more were dropped since the previous line.
 */
final class DropLog {
    private static final Logger LOG = LoggerFactory.getLogger(DropLog.class);
    static final long INTERVAL_NANOS = 60_000_000_000L;
    /** A spray from many source addresses must not grow this without bound. */
    private static final int MAX_TRACKED = 1024;

    private record Key(InetAddress host, String reason) {
    }

    private static final class Window {
        long loggedAt;
        long suppressed;
    }

    private final String pool;
    private final LongSupplier nanoClock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    DropLog(String pool, LongSupplier nanoClock) {
        this.pool = pool;
        this.nanoClock = nanoClock;
    }

    /** Records one dropped packet or stream; returns the line it logged, or null when it stayed quiet. */
    String dropped(InetSocketAddress from, String reason) {
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
        long now = nanoClock.getAsLong();
        InetAddress host = from == null ? null : from.getAddress();
        Window w = windows.computeIfAbsent(new Key(host, reason), k -> {
            Window fresh = new Window();
            fresh.loggedAt = now - INTERVAL_NANOS;
            return fresh;
        });
        String line;
        synchronized (w) {
            if (now - w.loggedAt < INTERVAL_NANOS) {
                w.suppressed++;
                return null;
            }
            line = "gossip: dropped pool=" + pool + " from=" + (from == null ? "unknown" : GossipPool.address(from))
                    + " reason=\"" + reason + "\"" + (w.suppressed > 0 ? " more_since_last_line=" + w.suppressed : "");
            w.loggedAt = now;
            w.suppressed = 0;
        }
        LOG.warn(line);
        return line;
    }
}
