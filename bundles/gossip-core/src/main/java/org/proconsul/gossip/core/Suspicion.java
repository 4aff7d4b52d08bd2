package org.proconsul.gossip.core;

import java.util.HashSet;
import java.util.Set;

/**
 * One running suspicion of a member. It starts at the maximum timeout; each independent confirmation (a suspect
 * message from a member we have not heard accuse it yet) pulls the deadline towards the minimum, because several
 * accusers are unlikely to all be wrong (Lifeguard).
 */
final class Suspicion {
    private final long startedAt;
    private final long incarnation;
    private final int expected;
    private final long minMillis;
    private final long maxMillis;
    private final Set<String> accusers = new HashSet<>();
    private int confirmations;
    private long deadline;

    Suspicion(String firstAccuser, long incarnation, long startedAt, int expected, long minMillis, long maxMillis) {
        this.startedAt = startedAt;
        this.incarnation = incarnation;
        this.expected = expected;
        this.minMillis = minMillis;
        this.maxMillis = expected < 1 ? minMillis : maxMillis;
        accusers.add(firstAccuser);
        this.deadline = startedAt + GossipMath.suspicionTimeoutAfter(0, expected, minMillis, this.maxMillis);
    }

    /** Counts a confirmation; false if it adds nothing (already enough, or the accuser was counted). */
    boolean confirm(String accuser) {
        if (confirmations >= expected || !accusers.add(accuser)) {
            return false;
        }
        confirmations++;
        deadline = startedAt + GossipMath.suspicionTimeoutAfter(confirmations, expected, minMillis, maxMillis);
        return true;
    }

    boolean expired(long now) {
        return now >= deadline;
    }

    long deadline() {
        return deadline;
    }

    long incarnation() {
        return incarnation;
    }

    int confirmations() {
        return confirmations;
    }
}
