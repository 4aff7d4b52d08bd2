package org.proconsul.server.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.session.Session;
import org.proconsul.api.session.SessionService;
import org.proconsul.api.session.SessionTimers;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.Watch;
import org.proconsul.api.state.WatchTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader duty, as Consul's: every session with a TTL ends when nothing renewed it for twice its TTL.
 * Timers live on the leader only, in memory; a server becoming leader arms every one in full, so a change
 * of leader never ends a session early. An expired session is destroyed through Raft like any other.
 */
@Component(service = SessionTimers.class, immediate = true)
public final class SessionTimersComponent implements SessionTimers {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTimersComponent.class);
    /** Consul lets a session live this many TTLs without a renewal. */
    static final int TTL_MULTIPLIER = 2;
    private static final long TURN_MS = 200;

    private final Consensus consensus;
    private final StateStore store;
    private final SessionService sessions;
    private final ScheduledExecutorService timer;
    /** Session id → when it expires (ms), while this server leads. */
    private final Map<String, Long> deadlines = new HashMap<>();
    private final Set<String> ending = new HashSet<>();
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private volatile Watch watch;
    private boolean leading;
    private volatile boolean stopped;

    @Activate
    public SessionTimersComponent(@Reference Consensus consensus, @Reference StateStore store,
            @Reference SessionService sessions) {
        this.consensus = consensus;
        this.store = store;
        this.sessions = sessions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-timers");
            t.setDaemon(true);
            return t;
        });
        watchSessions();
        timer.scheduleWithFixedDelay(this::turn, TURN_MS, TURN_MS, TimeUnit.MILLISECONDS);
    }

    private void watchSessions() {
        if (stopped) {
            return;
        }
        watch = store.watch(new WatchTarget.Table(StateStore.SESSIONS), () -> {
            changed.set(true);
            watchSessions();
        });
    }

    private synchronized void turn() {
        try {
            boolean leader = "Leader".equals(consensus.view().state());
            if (!leader) {
                if (leading) {
                    LOG.info("session: no longer leader, dropping {} session timers", deadlines.size());
                }
                leading = false;
                deadlines.clear();
                ending.clear();
                return;
            }
            long now = System.currentTimeMillis();
            if (!leading) {
                leading = true;
                changed.set(true);
                deadlines.clear();
            }
            if (changed.getAndSet(false)) {
                rearm(now);
            }
            for (Map.Entry<String, Long> e : deadlines.entrySet()) {
                if (e.getValue() <= now && ending.add(e.getKey())) {
                    String id = e.getKey();
                    LOG.info("session: TTL expired, destroying session={}", id);
                    sessions.destroy(id).whenComplete((done, failure) -> {
                        synchronized (this) {
                            ending.remove(id);
                            if (failure != null) {
                                LOG.warn("session: could not destroy expired session={}: {}", id, failure.toString());
                            }
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("session: timer turn failed: {}", e.toString());
        }
    }

    /** New sessions with a TTL get a full timer; ended ones lose theirs; existing timers keep running. */
    private void rearm(long now) {
        Set<String> present = new HashSet<>();
        for (Session s : store.sessions().value()) {
            if (s.ttl() == null || s.ttl().isZero()) {
                continue;
            }
            present.add(s.id());
            deadlines.putIfAbsent(s.id(), now + window(s.ttl()));
        }
        deadlines.keySet().retainAll(present);
    }

    private static long window(Duration ttl) {
        return ttl.toMillis() * TTL_MULTIPLIER;
    }

    @Override
    public CompletableFuture<Optional<Session>> renew(String id) {
        synchronized (this) {
            if (!leading) {
                turn(); // just elected: arm every timer before the first renewal counts
            }
            if (!leading || !"Leader".equals(consensus.view().state())) {
                return CompletableFuture.failedFuture(new IllegalStateException("No cluster leader"));
            }
            Optional<Session> session = store.session(id).value();
            session.ifPresent(s -> {
                if (s.ttl() != null && !s.ttl().isZero()) {
                    deadlines.put(s.id(), System.currentTimeMillis() + window(s.ttl()));
                }
            });
            return CompletableFuture.completedFuture(session);
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        stopped = true;
        timer.shutdownNow();
        Watch w = watch;
        if (w != null) {
            w.close();
        }
    }
}
