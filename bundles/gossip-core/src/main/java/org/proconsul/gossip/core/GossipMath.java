package org.proconsul.gossip.core;

/**
 * The protocol's formulas kept apart from any timer so they can be table-tested. All durations are milliseconds.
 */
public final class GossipMath {

    /** Above this many members push/pull slows down logarithmically, bounding TCP sync load (memberlist's 32). */
    public static final int PUSH_PULL_SCALE_THRESHOLD = 32;

    private GossipMath() {
    }

    /**
     * Minimum suspicion timeout: {@code mult * max(1, log10(max(1, n))) * interval}. Larger clusters need longer
     * to spread a refutation, hence the log of the size.
     */
    public static long suspicionTimeoutMillis(int suspicionMult, int clusterSize, long probeIntervalMillis) {
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, clusterSize)));
        // truncate the scale to milliseconds first, as memberlist does, so tables agree to the millisecond
        long scaleMillis = (long) (nodeScale * 1000);
        return suspicionMult * scaleMillis * probeIntervalMillis / 1000;
    }

    /**
     * Lifeguard: the suspicion timeout after {@code confirmations} of {@code expected} independent confirmations,
     * falling logarithmically from max to min; minus what has already elapsed (may be negative: expired).
     */
    public static long remainingSuspicionMillis(int confirmations, int expected, long elapsedMillis, long minMillis,
            long maxMillis) {
        return suspicionTimeoutAfter(confirmations, expected, minMillis, maxMillis) - elapsedMillis;
    }

    /** The total suspicion timeout once {@code confirmations} have arrived (never below min). */
    public static long suspicionTimeoutAfter(int confirmations, int expected, long minMillis, long maxMillis) {
        if (expected < 1) {
            return minMillis;
        }
        double frac = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        double raw = maxMillis - frac * (maxMillis - minMillis);
        long timeout = (long) Math.floor(raw);
        return Math.max(timeout, minMillis);
    }

    /** How many times a broadcast is piggybacked: {@code mult * ceil(log10(n+1))}. */
    public static int retransmitLimit(int retransmitMult, int clusterSize) {
        int scale = (int) Math.ceil(Math.log10(clusterSize + 1.0));
        return retransmitMult * scale;
    }

    /** A timer stretched by local health: {@code timeout * (score + 1)}; score 0 is healthy. */
    public static long awarenessScaled(long timeoutMillis, int healthScore) {
        return timeoutMillis * (healthScore + 1);
    }

    /**
     * Push/pull interval for a cluster size: the base interval up to 32 members, then one more multiple per
     * doubling, so full-state TCP traffic per member stays roughly flat as the cluster grows.
     */
    public static long pushPullIntervalMillis(long baseMillis, int clusterSize) {
        if (clusterSize <= PUSH_PULL_SCALE_THRESHOLD) {
            return baseMillis;
        }
        double log2 = Math.log(clusterSize) / Math.log(2);
        double threshold = Math.log(PUSH_PULL_SCALE_THRESHOLD) / Math.log(2);
        long multiplier = (long) Math.ceil(log2 - threshold) + 1;
        return baseMillis * multiplier;
    }

    /** serf's default query timeout: {@code gossipInterval * mult * ceil(log10(n+1))}. */
    public static long defaultQueryTimeoutMillis(long gossipIntervalMillis, int queryTimeoutMult, int clusterSize) {
        return gossipIntervalMillis * queryTimeoutMult * (long) Math.ceil(Math.log10(clusterSize + 1.0));
    }

    /** Confirmations a suspicion waits for: {@code suspicionMult - 2}, or none when the cluster is too small. */
    public static int expectedConfirmations(int suspicionMult, int clusterSize) {
        int k = suspicionMult - 2;
        return clusterSize - 2 < k ? 0 : k;
    }
}
