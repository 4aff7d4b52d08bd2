package org.proconsul.state.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * When to reap delete tombstones, as Consul's tombstone GC decides it: the leader notes the state
 * index at each tick, and once a noted index is older than the TTL every tombstone at or below it can
 * go. Blocking queries see the deletes meanwhile; a client's index may go back after a reap, which
 * Consul's clients handle by starting over. Pure: the caller passes the time.
 */
final class TombstoneSchedule {
    private record Sample(long atNanos, long index) {
    }

    private final long ttlNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long reapedUpTo;

    TombstoneSchedule(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** Notes {@code index} at {@code nowNanos}; returns the index to reap up to, when one is due. */
    OptionalLong tick(long nowNanos, boolean leader, long index) {
        if (!leader) {
            // a new leader starts its own clock: it cannot know when the old one saw each index
            samples.clear();
            return OptionalLong.empty();
        }
        if (samples.isEmpty() || samples.peekLast().index() != index) {
            samples.addLast(new Sample(nowNanos, index));
        }
        long due = -1;
        while (!samples.isEmpty() && nowNanos - samples.peekFirst().atNanos() >= ttlNanos) {
            due = samples.pollFirst().index();
        }
        if (due > reapedUpTo) {
            reapedUpTo = due;
            return OptionalLong.of(due);
        }
        return OptionalLong.empty();
    }
}
