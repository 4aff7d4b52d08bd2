package org.proconsul.raft.core;

/**
 * A leader's view of one follower's log. In PROBE the leader sends one message at a time until it finds where
 * the logs match; in REPLICATE it streams optimistically up to {@code maxInflight} messages; in SNAPSHOT it
 * waits for the driver to ship a snapshot because the entries the follower needs are compacted.
 */
final class Progress {

    enum State { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: a probe is outstanding, so wait for an answer or a heartbeat response before sending more. */
    boolean probeSent;
    long pendingSnapshot;
    final Inflights inflights;
    /** Leader tick of the last response of any kind: check-quorum and status. */
    long lastContactTick;
    /** Highest leader tick echoed by a heartbeat response: when the follower last confirmed our leadership. */
    long ackedSentTick = Long.MIN_VALUE;
    long ackedReadRound;
    /** The highest commit index this follower was told that it can use; avoids redundant commit notices. */
    long notifiedCommit;

    Progress(long next, int maxInflight, long nowTick) {
        this.next = next;
        this.inflights = new Inflights(maxInflight);
        this.lastContactTick = nowTick;
    }

    boolean isPaused() {
        switch (state) {
            case PROBE:
                return probeSent;
            case REPLICATE:
                return inflights.full();
            default:
                return true;
        }
    }

    void becomeProbe() {
        next = state == State.SNAPSHOT ? Math.max(match + 1, pendingSnapshot + 1) : match + 1;
        state = State.PROBE;
        probeSent = false;
        pendingSnapshot = 0;
        inflights.reset();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        probeSent = false;
        inflights.reset();
    }

    void becomeSnapshot(long snapshotIndex) {
        state = State.SNAPSHOT;
        pendingSnapshot = snapshotIndex;
        probeSent = false;
        inflights.reset();
    }

    /** Records an acknowledged match; true when it moved forward. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (match < index) {
            match = index;
            probeSent = false;
            updated = true;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /**
     * Handles a rejection of the message whose prevIndex was {@code rejected}; {@code nextHint} is where the
     * follower's hint says to probe next. Returns false for a stale rejection that must be ignored.
     */
    boolean maybeDecrTo(long rejected, long nextHint) {
        switch (state) {
            case REPLICATE:
                if (rejected <= match) {
                    return false;
                }
                next = match + 1;
                return true;
            case PROBE:
                if (next - 1 != rejected) {
                    return false;
                }
                next = Math.max(Math.min(rejected, nextHint), match + 1);
                probeSent = false;
                return true;
            default:
                return false;
        }
    }

    /** Records that a message ending at {@code lastIndex} was sent; {@code withEntries} if it carried any. */
    void sent(long lastIndex, boolean withEntries) {
        switch (state) {
            case REPLICATE:
                if (withEntries) {
                    next = lastIndex + 1;
                    inflights.add(lastIndex);
                }
                break;
            case PROBE:
                probeSent = true;
                break;
            default:
                throw new AssertionError("sent entries to a follower waiting for a snapshot");
        }
    }
}
