package org.proconsul.raft.core;

/**
 * The last index of each AppendEntries message sent to one follower and not yet acknowledged, oldest first, in
 * a fixed ring: the bound on pipelining ({@link RaftConfig#maxInflight()}).
 */
final class Inflights {

    private final long[] lastIndexes;
    private int start;
    private int count;

    Inflights(int capacity) {
        this.lastIndexes = new long[capacity];
    }

    boolean full() {
        return count == lastIndexes.length;
    }

    int count() {
        return count;
    }

    void add(long lastIndex) {
        if (full()) {
            throw new AssertionError("inflight window full");
        }
        if (count > 0 && lastIndex <= lastIndexes[(start + count - 1) % lastIndexes.length]) {
            throw new AssertionError("inflight index " + lastIndex + " not increasing");
        }
        lastIndexes[(start + count) % lastIndexes.length] = lastIndex;
        count++;
    }

    /** Forgets every message whose entries are all acknowledged by a match at {@code index}. */
    void freeUpTo(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            start = (start + 1) % lastIndexes.length;
            count--;
        }
    }

    /** Forgets the oldest message, presumed lost, so that one more can be sent. */
    void freeFirst() {
        if (count > 0) {
            start = (start + 1) % lastIndexes.length;
            count--;
        }
    }

    void reset() {
        start = 0;
        count = 0;
    }
}
