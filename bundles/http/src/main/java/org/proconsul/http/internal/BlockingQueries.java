package org.proconsul.http.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.proconsul.api.state.QueryResult;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.Watch;
import org.proconsul.api.state.WatchTarget;

/**
 * Parks blocking queries on state-store watches with no thread held: a query is re-run when a watched
 * key changes and answered once its index passes the client's, or when the wait (plus up to 1/16 of it
 * as jitter, as Consul adds) runs out.
 */
final class BlockingQueries {
    private final java.util.function.Supplier<StateStore> store;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final AtomicInteger parked = new AtomicInteger();

    BlockingQueries(java.util.function.Supplier<StateStore> store, Executor executor, ScheduledExecutorService timer) {
        this.store = store;
        this.executor = executor;
        this.timer = timer;
    }

    /** Number of queries parked right now. */
    int parked() {
        return parked.get();
    }

    /** How often a hash-based blocking query looks at local agent state, which has no change index. */
    private static final long HASH_POLL_MS = 50;

    /**
     * A hash-based blocking query ({@code ?hash=}, the agent endpoints): calls {@code respond} once
     * {@code hash} no longer gives {@code known}, or when {@code wait} (plus Consul's jitter) runs out; no
     * thread waits in between.
     */
    void untilHashChanges(java.time.Duration wait, Supplier<String> hash, String known, Runnable respond) {
        long waitNanos = wait.toNanos();
        long jitter = waitNanos >= 16 ? ThreadLocalRandom.current().nextLong(waitNanos / 16) : 0;
        long deadline = System.nanoTime() + waitNanos + jitter;
        parked.incrementAndGet();
        Runnable look = new Runnable() {
            @Override
            public void run() {
                boolean changed;
                try {
                    changed = !hash.get().equals(known);
                } catch (RuntimeException e) {
                    changed = true; // the answer will say what went wrong
                }
                if (changed || System.nanoTime() >= deadline) {
                    parked.decrementAndGet();
                    executor.execute(respond);
                } else {
                    timer.schedule(this, HASH_POLL_MS, TimeUnit.MILLISECONDS);
                }
            }
        };
        look.run();
    }

    /** Answers {@code respond} with the query's result, or {@code fail} if the query throws. */
    <T> void run(QueryOptions options, WatchTarget target, Supplier<QueryResult<T>> query,
            Consumer<QueryResult<T>> respond, Consumer<Throwable> fail) {
        if (!options.blocking()) {
            QueryResult<T> result;
            try {
                result = query.get();
            } catch (RuntimeException e) {
                fail.accept(e);
                return;
            }
            respond.accept(result);
            return;
        }
        long waitNanos = options.waitTime().toNanos();
        long jitter = waitNanos >= 16 ? ThreadLocalRandom.current().nextLong(waitNanos / 16) : 0;
        new Parked<>(options.minIndex(), System.nanoTime() + waitNanos + jitter, target, query, respond, fail).attempt();
    }

    private final class Parked<T> {
        private final long minIndex;
        private final long deadlineNanos;
        private final WatchTarget target;
        private final Supplier<QueryResult<T>> query;
        private final Consumer<QueryResult<T>> respond;
        private final Consumer<Throwable> fail;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile Watch watch;
        private volatile ScheduledFuture<?> timeout;
        private boolean counted;

        Parked(long minIndex, long deadlineNanos, WatchTarget target, Supplier<QueryResult<T>> query,
                Consumer<QueryResult<T>> respond, Consumer<Throwable> fail) {
            this.fail = fail;
            this.minIndex = minIndex;
            this.deadlineNanos = deadlineNanos;
            this.target = target;
            this.query = query;
            this.respond = respond;
        }

        /** Registers the watch before reading, so a change between the read and parking is never missed. */
        synchronized void attempt() {
            if (finished.get()) {
                return;
            }
            Watch w = store.get().watch(target, () -> executor.execute(this::attempt));
            QueryResult<T> result;
            try {
                result = query.get();
            } catch (RuntimeException e) {
                w.close();
                finish(null, e);
                return;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (result.index() > minIndex || remaining <= 0) {
                w.close();
                finish(result, null);
                return;
            }
            watch = w;
            if (timeout == null) {
                if (!counted) {
                    counted = true;
                    parked.incrementAndGet();
                }
                timeout = timer.schedule(() -> executor.execute(this::expire), remaining, TimeUnit.NANOSECONDS);
            }
        }

        synchronized void expire() {
            if (finished.get()) {
                return;
            }
            Watch w = watch;
            if (w != null) {
                w.close();
            }
            QueryResult<T> result;
            try {
                result = query.get();
            } catch (RuntimeException e) {
                finish(null, e);
                return;
            }
            finish(result, null);
        }

        private void finish(QueryResult<T> result, RuntimeException failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            if (counted) {
                parked.decrementAndGet();
            }
            if (failure != null) {
                fail.accept(failure);
                return;
            }
            respond.accept(result);
        }
    }
}
