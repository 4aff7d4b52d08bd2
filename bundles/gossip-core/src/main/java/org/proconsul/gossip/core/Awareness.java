package org.proconsul.gossip.core;

/**
 * Lifeguard's local health: missed acks and nacks and having to refute suspicions about ourselves raise the
 * score, successful probes lower it. A high score means we are probably the slow one, so our probe timers
 * stretch instead of accusing healthy peers.
 */
final class Awareness {
    private final int max;
    private int score;

    Awareness(int maxMultiplier) {
        if (maxMultiplier < 1) {
            throw new IllegalArgumentException("awareness multiplier must be >= 1");
        }
        this.max = maxMultiplier;
    }

    /** Adds {@code delta}, clamped to {@code [0, max-1]}; returns true when the score changed. */
    boolean apply(int delta) {
        int next = Math.max(0, Math.min(max - 1, score + delta));
        boolean changed = next != score;
        score = next;
        return changed;
    }

    int score() {
        return score;
    }

    long scale(long timeoutMillis) {
        return GossipMath.awarenessScaled(timeoutMillis, score);
    }
}
