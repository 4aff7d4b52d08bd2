package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proconsul.raft.core.KvOperation.get;
import static org.proconsul.raft.core.KvOperation.put;
import static org.proconsul.raft.core.KvOperation.unansweredPut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker must pass what is linearizable and, just as much, fail what is not: the hand-made histories
 * below cover the classic anomalies, and random small histories are compared with a brute-force oracle that
 * tries every order.
 */
class LinearizabilityCheckerTest {

    private static LinearizabilityChecker.Verdict check(KvOperation... history) {
        return LinearizabilityChecker.check(List.of(history));
    }

    private static void assertLinearizable(KvOperation... history) {
        LinearizabilityChecker.Verdict v = check(history);
        assertTrue(v.linearizable(), v.explanation());
    }

    private static String assertNotLinearizable(KvOperation... history) {
        LinearizabilityChecker.Verdict v = check(history);
        assertFalse(v.linearizable(), "expected a violation but got: " + v.explanation());
        return v.explanation();
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertLinearizable();
    }

    @Test
    void sequentialWritesAndReadsAreLinearizable() {
        assertLinearizable(
                get(1, "x", null, 0, 5),
                put(1, "x", "a", 10, 20),
                get(2, "x", "a", 30, 40),
                put(2, "x", "b", 50, 60),
                get(1, "x", "b", 70, 80));
    }

    @Test
    void staleReadAfterACompletedWriteIsCaught() {
        String why = assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                put(1, "x", "b", 20, 30),
                get(2, "x", "a", 40, 50));
        assertTrue(why.contains("key x"), why);
        assertTrue(why.contains("get(x) -> a"), why);
    }

    @Test
    void readOfAnAbsentKeyAfterACompletedWriteIsCaught() {
        assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                get(2, "x", null, 20, 30));
    }

    @Test
    void readOfAValueNobodyWroteIsCaught() {
        assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                get(2, "x", "zzz", 20, 30));
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        KvOperation first = put(1, "x", "a", 0, 10);
        KvOperation second = put(1, "x", "b", 20, 30);
        assertLinearizable(first, second, get(2, "x", "a", 25, 35));
        assertLinearizable(first, second, get(2, "x", "b", 25, 35));
    }

    @Test
    void onceAConcurrentReadSawTheNewValueALaterReadMayNotSeeTheOld() {
        assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                put(1, "x", "b", 20, 100),
                get(2, "x", "b", 30, 40),
                get(3, "x", "a", 50, 60));
    }

    @Test
    void readersSeeingConcurrentWritesInContradictoryOrdersAreCaught() {
        KvOperation writeA = put(1, "x", "a", 0, 100);
        KvOperation writeB = put(2, "x", "b", 0, 100);
        // each reader alone is fine: the writes may land in either order
        assertLinearizable(writeA, writeB, get(3, "x", "a", 10, 20), get(3, "x", "b", 30, 40));
        assertLinearizable(writeA, writeB, get(4, "x", "b", 10, 20), get(4, "x", "a", 30, 40));
        // together, with the second reads after both first reads, they contradict each other
        assertNotLinearizable(writeA, writeB,
                get(3, "x", "a", 10, 20), get(3, "x", "b", 30, 40),
                get(4, "x", "b", 10, 20), get(4, "x", "a", 30, 40));
    }

    @Test
    void anUnansweredWriteMayTakeEffectLaterOrNever() {
        KvOperation before = put(1, "x", "a", 0, 10);
        KvOperation lost = unansweredPut(1, "x", "b", 20);
        assertLinearizable(before, lost, get(2, "x", "a", 30, 40));
        assertLinearizable(before, lost, get(2, "x", "b", 1000, 1010));
        assertLinearizable(before, lost, get(2, "x", "a", 30, 40), get(2, "x", "b", 1000, 1010));
    }

    @Test
    void anUnansweredWriteObservedLaterCannotBeUndone() {
        assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                unansweredPut(1, "x", "b", 20),
                get(2, "x", "b", 30, 40),
                get(2, "x", "a", 50, 60));
    }

    @Test
    void anUnansweredWriteCannotBeObservedBeforeItWasInvoked() {
        assertNotLinearizable(
                get(2, "x", "b", 0, 10),
                unansweredPut(1, "x", "b", 20));
    }

    @Test
    void unansweredReadsAreIgnored() {
        assertLinearizable(
                put(1, "x", "a", 0, 10),
                get(2, "x", "not-a-value", 20, KvOperation.NO_RESPONSE));
    }

    @Test
    void operationsThatTouchInTimeCountAsConcurrent() {
        assertLinearizable(put(1, "x", "a", 0, 10), get(2, "x", null, 10, 12));
        assertNotLinearizable(put(1, "x", "a", 0, 10), get(2, "x", null, 11, 12));
    }

    @Test
    void keysAreCheckedIndependentlyAndTheFailingKeyIsNamed() {
        String why = assertNotLinearizable(
                put(1, "x", "a", 0, 10),
                put(1, "y", "b", 0, 10),
                get(2, "x", "a", 20, 30),
                get(2, "y", null, 20, 30));
        assertTrue(why.contains("key y"), why);
        // a write to one key says nothing about another
        assertLinearizable(put(1, "x", "a", 0, 10), get(2, "y", null, 20, 30));
    }

    @Test
    void repeatedValuesNeedNoUniqueness() {
        assertLinearizable(
                put(1, "x", "a", 0, 10),
                put(1, "x", "b", 20, 30),
                put(2, "x", "a", 40, 50),
                get(3, "x", "a", 60, 70),
                unansweredPut(3, "x", "b", 80),
                get(3, "x", "b", 90, 100));
    }

    @Test
    void unobservedUnansweredWritesAreDroppedAndObservedOnesBounded() {
        List<KvOperation> prepared = LinearizabilityChecker.withoutUninformativeOperations(List.of(
                unansweredPut(1, "x", "never-read", 0),
                unansweredPut(2, "x", "read", 5),
                get(3, "x", "read", 20, 30),
                get(3, "x", "read", 40, 50),
                get(4, "x", null, 0, KvOperation.NO_RESPONSE)));
        assertEquals(List.of(put(2, "x", "read", 5, 30), get(3, "x", "read", 20, 30), get(3, "x", "read", 40, 50)),
                prepared);
    }

    @Test
    void aLongLinearizableHistoryIsCheckedQuickly() {
        Random random = new Random(42);
        List<KvOperation> history = linearizableHistory(random, 4, 3, 6000);
        long start = System.nanoTime();
        LinearizabilityChecker.Verdict v = LinearizabilityChecker.check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(v.linearizable(), v.explanation());
        assertTrue(millis < 5000, "took " + millis + " ms");
    }

    @Test
    void agreesWithABruteForceOracleOnRandomSmallHistories() {
        Random random = new Random(7);
        int linearizable = 0;
        int violations = 0;
        for (int round = 0; round < 4000; round++) {
            List<KvOperation> history = randomHistory(random, 1 + random.nextInt(7));
            boolean expected = BruteForce.linearizable(history);
            LinearizabilityChecker.Verdict v = LinearizabilityChecker.check(history);
            assertEquals(expected, v.linearizable(), "round " + round + ": " + history + "\n" + v.explanation());
            if (expected) {
                linearizable++;
            } else {
                violations++;
            }
        }
        assertTrue(linearizable > 500 && violations > 500, linearizable + " linearizable, " + violations + " not");
    }

    /** Up to 7 operations on one or two keys, with few values so that reads often match some write. */
    private static List<KvOperation> randomHistory(Random random, int size) {
        String[] values = {"a", "b", "c"};
        List<KvOperation> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String key = random.nextInt(4) == 0 ? "y" : "x";
            long invoked = random.nextInt(20);
            long responded = random.nextInt(5) == 0 ? KvOperation.NO_RESPONSE : invoked + random.nextInt(8);
            int client = random.nextInt(3);
            if (random.nextBoolean()) {
                out.add(new KvOperation(client, KvOperation.Kind.PUT, key, values[random.nextInt(3)], invoked,
                        responded));
            } else {
                String seen = random.nextInt(4) == 0 ? null : values[random.nextInt(3)];
                out.add(new KvOperation(client, KvOperation.Kind.GET, key, seen, invoked, responded));
            }
        }
        return out;
    }

    /**
     * Sequential clients with overlapping operations on a real register: each operation takes effect at a
     * random instant inside its interval, so the history is linearizable by construction.
     */
    private static List<KvOperation> linearizableHistory(Random random, int clients, int keys, int operations) {
        record Planned(int client, boolean put, String key, long invoked, long effect, long responded) {
        }
        List<Planned> planned = new ArrayList<>();
        long[] clientTime = new long[clients];
        for (int i = 0; i < operations; i++) {
            int c = random.nextInt(clients);
            long invoked = clientTime[c] + random.nextInt(3);
            long responded = invoked + 1 + random.nextInt(10);
            long effect = invoked + random.nextInt((int) (responded - invoked + 1));
            clientTime[c] = responded + 1;
            planned.add(new Planned(c, random.nextInt(3) == 0, "k" + random.nextInt(keys), invoked, effect,
                    responded));
        }
        List<Planned> byEffect = new ArrayList<>(planned);
        byEffect.sort((a, b) -> Long.compare(a.effect(), b.effect()));
        Map<String, String> register = new HashMap<>();
        List<KvOperation> history = new ArrayList<>();
        int n = 0;
        for (Planned p : byEffect) {
            if (p.put()) {
                String value = "v" + n++;
                register.put(p.key(), value);
                boolean unanswered = random.nextInt(50) == 0;
                history.add(unanswered ? unansweredPut(p.client(), p.key(), value, p.invoked())
                        : put(p.client(), p.key(), value, p.invoked(), p.responded()));
            } else {
                history.add(get(p.client(), p.key(), register.get(p.key()), p.invoked(), p.responded()));
            }
        }
        return history;
    }

    /** Tries every order of every subset that contains all answered operations. */
    private static final class BruteForce {

        static boolean linearizable(List<KvOperation> history) {
            Map<String, String> state = new HashMap<>();
            return extend(history, new boolean[history.size()], state);
        }

        private static boolean extend(List<KvOperation> ops, boolean[] used, Map<String, String> state) {
            boolean allAnsweredUsed = true;
            for (int i = 0; i < ops.size(); i++) {
                allAnsweredUsed &= used[i] || !ops.get(i).answered();
            }
            if (allAnsweredUsed) {
                return true;
            }
            for (int i = 0; i < ops.size(); i++) {
                if (used[i] || !mayGoNext(ops, used, i)) {
                    continue;
                }
                KvOperation op = ops.get(i);
                String before = state.get(op.key());
                if (op.kind() == KvOperation.Kind.GET && !Objects.equals(before, op.value())) {
                    continue;
                }
                used[i] = true;
                if (op.kind() == KvOperation.Kind.PUT) {
                    state.put(op.key(), op.value());
                }
                boolean found = extend(ops, used, state);
                used[i] = false;
                if (before == null) {
                    state.remove(op.key());
                } else {
                    state.put(op.key(), before);
                }
                if (found) {
                    return true;
                }
            }
            return false;
        }

        /** No unplaced answered operation may have ended strictly before this one began. */
        private static boolean mayGoNext(List<KvOperation> ops, boolean[] used, int candidate) {
            for (int j = 0; j < ops.size(); j++) {
                if (!used[j] && j != candidate && ops.get(j).respondedAt() < ops.get(candidate).invokedAt()) {
                    return false;
                }
            }
            return true;
        }
    }
}
