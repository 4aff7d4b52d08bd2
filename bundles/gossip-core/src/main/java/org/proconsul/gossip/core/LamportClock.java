package org.proconsul.gossip.core;

/** A Lamport clock: local events increment it, every received time is witnessed so ours moves past it. */
final class LamportClock {
    private long time;

    LamportClock(long start) {
        if (start < 0) {
            throw new IllegalArgumentException("negative lamport time");
        }
        this.time = start;
    }

    long time() {
        return time;
    }

    /** Returns the new time after a local event. */
    long increment() {
        return ++time;
    }

    /** Moves past {@code other}, so our next event orders after what we just saw. */
    void witness(long other) {
        if (other >= time) {
            time = other + 1;
        }
    }
}
