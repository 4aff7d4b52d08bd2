package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the pure formulas; expected values worked out by hand from the definitions. */
class GossipMathTest {

    @ParameterizedTest(name = "mult={0} n={1} interval={2} -> {3}")
    @CsvSource({
        "4, 1, 1000, 4000",      // log10 floor at 1
        "4, 5, 1000, 4000",      // log10(5)=0.69 -> 1
        "4, 10, 1000, 4000",
        "4, 100, 1000, 8000",
        "4, 1000, 1000, 12000",
        "5, 1000, 1000, 15000",
        "4, 50, 1000, 6792",     // log10(50)=1.69897 -> 1698 ms scale
        "6, 100, 5000, 60000",   // WAN
        "3, 3, 1000, 3000"})
    void suspicionTimeout(int mult, int n, long interval, long expected) {
        assertEquals(expected, GossipMath.suspicionTimeoutMillis(mult, n, interval));
    }

    @ParameterizedTest(name = "n={0} k={1} elapsed={2} min={3} max={4} -> {5}")
    @CsvSource({
        "0, 3, 0, 2000, 30000, 30000",    // no confirmation: the full maximum
        "1, 3, 0, 2000, 30000, 16000",    // log(2)/log(4) = 0.5
        "2, 3, 0, 2000, 30000, 7810",     // log(3)/log(4) = 0.79248
        "3, 3, 0, 2000, 30000, 2000",     // all confirmations: the minimum
        "3, 3, 1000, 2000, 30000, 1000",  // minus elapsed
        "1, 3, 20000, 2000, 30000, -4000",// already expired
        "0, 0, 0, 2000, 30000, 2000",     // nobody to confirm: minimum straight away
        "4, 3, 0, 2000, 30000, 2000"})    // never below the minimum
    void remainingSuspicion(int n, int k, long elapsed, long min, long max, long expected) {
        assertEquals(expected, GossipMath.remainingSuspicionMillis(n, k, elapsed, min, max));
    }

    @ParameterizedTest(name = "mult={0} n={1} -> {2}")
    @CsvSource({"4, 0, 0", "4, 1, 4", "4, 3, 4", "4, 9, 4", "4, 10, 8", "4, 99, 8", "4, 100, 12", "4, 1000, 16",
        "2, 5, 2", "3, 500, 9"})
    void retransmitLimit(int mult, int n, int expected) {
        assertEquals(expected, GossipMath.retransmitLimit(mult, n));
    }

    @ParameterizedTest(name = "timeout={0} score={1} -> {2}")
    @CsvSource({"500, 0, 500", "500, 1, 1000", "500, 7, 4000", "1000, 3, 4000"})
    void awarenessScaled(long timeout, int score, long expected) {
        assertEquals(expected, GossipMath.awarenessScaled(timeout, score));
    }

    @ParameterizedTest(name = "n={0} -> {1}")
    @CsvSource({"1, 30000", "32, 30000", "33, 60000", "64, 60000", "65, 90000", "100, 90000", "1000, 180000",
        "10000, 300000"})
    void pushPullScale(int n, long expected) {
        assertEquals(expected, GossipMath.pushPullIntervalMillis(30_000, n));
    }

    @ParameterizedTest(name = "n={0} -> {1}")
    @CsvSource({"1, 3200", "9, 3200", "10, 6400", "1000, 12800"})
    void defaultQueryTimeout(int n, long expected) {
        assertEquals(expected, GossipMath.defaultQueryTimeoutMillis(200, 16, n));
    }

    @ParameterizedTest(name = "mult={0} n={1} -> {2}")
    @CsvSource({"4, 1, 0", "4, 3, 0", "4, 4, 2", "4, 100, 2", "6, 100, 4", "3, 10, 1"})
    void expectedConfirmations(int mult, int n, int expected) {
        assertEquals(expected, GossipMath.expectedConfirmations(mult, n));
    }
}
