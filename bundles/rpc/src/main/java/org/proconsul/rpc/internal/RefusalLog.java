package org.proconsul.rpc.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a connection was closed or a message dropped, told once per remote host and reason a minute (a
 * hostile or misconfigured peer must not flood the log), and counted by reason.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final long INTERVAL_NANOS = 60_000_000_000L;
    private static final int MAX_TRACKED = 1024;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void refused(String remote, String reason) {
        counts.computeIfAbsent(reason, k -> new LongAdder()).increment();
        String host = remote.contains(":") ? remote.substring(0, remote.lastIndexOf(':')) : remote;
        String key = host + " " + reason;
        long now = System.nanoTime();
        if (lastLogged.size() >= MAX_TRACKED) {
            lastLogged.clear();
        }
        Long before = lastLogged.get(key);
        if (before == null || now - before >= INTERVAL_NANOS) {
            lastLogged.put(key, now);
            LOG.warn("rpc: refused from={} reason=\"{}\"", remote, reason);
        }
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
