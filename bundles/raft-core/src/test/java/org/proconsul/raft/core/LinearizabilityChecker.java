package org.proconsul.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a history of {@link KvOperation}s is linearizable: whether each operation can be given one
 * instant between its invocation and its response so that, taken in the order of those instants, every get
 * returns the value of the latest put to its key (null before the first). A put without a response may be
 * given an instant anywhere after its invocation, or none at all.
 *
 * <p>Keys are independent, so each key's history is checked on its own (linearizability is compositional):
 * the search space is the product of per-key spaces, never their combination. Per key, the search walks the
 * invocation and response events in time order (Wing and Gong). At an invocation it tries to linearize that
 * operation next, applies it to the model, and starts over from the first remaining event; at the response of
 * an operation not linearized yet, the choices so far cannot work, so it undoes the latest one and tries the
 * next candidate. The (set of linearized operations, model state) pairs already explored are remembered,
 * because two orders reaching the same pair have the same futures (Lowe); that is what makes it fast.
 *
 * <p>Before searching, two rewrites that keep the answer shrink the history: an unanswered get tells nothing
 * and is dropped, and so is an unanswered put whose value no get returned (if it took effect, nothing read it
 * before the next put, so "never took effect" explains the same history). An unanswered put whose value only
 * it writes and some get returned must precede that get, so it gets that get's response as its own.
 */
final class LinearizabilityChecker {

    /** The outcome; on failure the explanation names the key, the longest linearizable prefix and the culprit. */
    record Verdict(boolean linearizable, String explanation) {
    }

    private LinearizabilityChecker() {
    }

    static Verdict check(Collection<KvOperation> history) {
        Map<String, List<KvOperation>> byKey = new TreeMap<>();
        for (KvOperation op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        int checked = 0;
        for (Map.Entry<String, List<KvOperation>> key : byKey.entrySet()) {
            List<KvOperation> ops = withoutUninformativeOperations(key.getValue());
            KeySearch search = new KeySearch(ops);
            if (!search.run()) {
                return new Verdict(false, search.explainFailure(key.getKey(), key.getValue().size()));
            }
            checked += ops.size();
        }
        return new Verdict(true, "linearizable: " + history.size() + " operations on " + byKey.size() + " keys ("
                + checked + " after dropping uninformative ones)");
    }

    /** The rewrites of the class comment, for the history of one key. */
    static List<KvOperation> withoutUninformativeOperations(List<KvOperation> ops) {
        Map<String, Long> firstReadResponse = new HashMap<>();
        Map<String, Integer> writers = new HashMap<>();
        for (KvOperation op : ops) {
            if (op.kind() == KvOperation.Kind.GET && op.answered() && op.value() != null) {
                firstReadResponse.merge(op.value(), op.respondedAt(), Math::min);
            } else if (op.kind() == KvOperation.Kind.PUT) {
                writers.merge(op.value(), 1, Integer::sum);
            }
        }
        List<KvOperation> out = new ArrayList<>();
        for (KvOperation op : ops) {
            if (op.answered()) {
                out.add(op);
            } else if (op.kind() == KvOperation.Kind.PUT) {
                Long readBy = firstReadResponse.get(op.value());
                if (readBy == null) {
                    continue;
                }
                boolean bounded = writers.get(op.value()) == 1 && readBy >= op.invokedAt();
                out.add(bounded ? KvOperation.put(op.client(), op.key(), op.value(), op.invokedAt(), readBy) : op);
            }
        }
        return out;
    }

    /** The depth-first search over one key's history. */
    private static final class KeySearch {

        /** An invocation or response in the doubly linked list of events still to linearize. */
        private static final class Event {
            final int op;
            final boolean invocation;
            Event response;
            Event prev;
            Event next;

            Event(int op, boolean invocation) {
                this.op = op;
                this.invocation = invocation;
            }
        }

        private record Explored(BitSet linearized, String state) {
        }

        private record Choice(Event invocation, String stateBefore) {
        }

        private final List<KvOperation> ops;
        private final Event head = new Event(-1, true);
        private List<Integer> longestPartial = List.of();
        private String stateAfterLongestPartial;
        private int stuckAt = -1;

        KeySearch(List<KvOperation> ops) {
            this.ops = ops;
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                Event invocation = new Event(i, true);
                events.add(invocation);
                if (ops.get(i).answered()) {
                    invocation.response = new Event(i, false);
                    events.add(invocation.response);
                }
            }
            // at equal times invocations come first: operations that touch count as concurrent
            events.sort(Comparator.comparingLong(this::time).thenComparing(e -> !e.invocation)
                    .thenComparingInt(e -> e.op));
            Event last = head;
            for (Event e : events) {
                last.next = e;
                e.prev = last;
                last = e;
            }
        }

        private long time(Event e) {
            KvOperation op = ops.get(e.op);
            return e.invocation ? op.invokedAt() : op.respondedAt();
        }

        boolean run() {
            int mustLinearize = 0;
            for (KvOperation op : ops) {
                mustLinearize += op.answered() ? 1 : 0;
            }
            BitSet linearized = new BitSet(ops.size());
            Set<Explored> explored = new HashSet<>();
            Deque<Choice> choices = new ArrayDeque<>();
            String state = null;
            int answeredLinearized = 0;
            Event e = head.next;
            while (answeredLinearized < mustLinearize) {
                if (e == null) {
                    // every answered operation still listed has its response ahead of this point
                    throw new AssertionError("event list ended with answered operations left");
                }
                if (e.invocation) {
                    KvOperation op = ops.get(e.op);
                    if (allows(state, op)) {
                        String next = after(state, op);
                        linearized.set(e.op);
                        if (explored.add(new Explored((BitSet) linearized.clone(), next))) {
                            choices.push(new Choice(e, state));
                            state = next;
                            answeredLinearized += op.answered() ? 1 : 0;
                            lift(e);
                            e = head.next;
                            continue;
                        }
                        linearized.clear(e.op);
                    }
                    e = e.next;
                } else {
                    // a response passes while its operation is not linearized: the latest choice was wrong
                    noteDeadEnd(choices, state, e.op);
                    if (choices.isEmpty()) {
                        return false;
                    }
                    Choice undone = choices.pop();
                    linearized.clear(undone.invocation().op);
                    state = undone.stateBefore();
                    answeredLinearized -= ops.get(undone.invocation().op).answered() ? 1 : 0;
                    unlift(undone.invocation());
                    e = undone.invocation().next;
                }
            }
            return true;
        }

        private static boolean allows(String state, KvOperation op) {
            return op.kind() == KvOperation.Kind.PUT || Objects.equals(state, op.value());
        }

        private static String after(String state, KvOperation op) {
            return op.kind() == KvOperation.Kind.PUT ? op.value() : state;
        }

        /** Takes an operation out of the list; undone in the reverse order by {@link #unlift}. */
        private static void lift(Event invocation) {
            remove(invocation);
            if (invocation.response != null) {
                remove(invocation.response);
            }
        }

        private static void unlift(Event invocation) {
            if (invocation.response != null) {
                reinsert(invocation.response);
            }
            reinsert(invocation);
        }

        private static void remove(Event e) {
            e.prev.next = e.next;
            if (e.next != null) {
                e.next.prev = e.prev;
            }
        }

        /** Works because events are reinserted in exactly the reverse order of their removal. */
        private static void reinsert(Event e) {
            e.prev.next = e;
            if (e.next != null) {
                e.next.prev = e;
            }
        }

        private void noteDeadEnd(Deque<Choice> choices, String state, int blockedOp) {
            if (choices.size() < longestPartial.size() || stuckAt >= 0 && choices.size() == longestPartial.size()) {
                return;
            }
            List<Integer> partial = new ArrayList<>();
            choices.descendingIterator().forEachRemaining(c -> partial.add(c.invocation().op));
            longestPartial = partial;
            stateAfterLongestPartial = state;
            stuckAt = blockedOp;
        }

        String explainFailure(String key, int recorded) {
            StringBuilder out = new StringBuilder("not linearizable: key " + key + " (" + ops.size() + " of "
                    + recorded + " recorded operations checked)\n");
            int shown = Math.min(10, longestPartial.size());
            out.append("  longest partial linearization found: ").append(longestPartial.size())
                    .append(" operations, the last ").append(shown).append(":\n");
            for (int i : longestPartial.subList(longestPartial.size() - shown, longestPartial.size())) {
                out.append("    ").append(ops.get(i)).append('\n');
            }
            out.append("  then ").append(key).append(" = ").append(stateAfterLongestPartial)
                    .append(", and no continuation gets past the response of\n    ")
                    .append(ops.get(stuckAt)).append('\n');
            KvOperation stuck = ops.get(stuckAt);
            out.append("  remaining operations overlapping it:\n");
            int overlapping = 0;
            for (int i = 0; i < ops.size(); i++) {
                KvOperation op = ops.get(i);
                if (i != stuckAt && !longestPartial.contains(i) && op.invokedAt() <= stuck.respondedAt()
                        && op.respondedAt() >= stuck.invokedAt()) {
                    out.append("    ").append(op).append('\n');
                    overlapping++;
                }
            }
            if (overlapping == 0) {
                out.append("    none\n");
            }
            return out.toString();
        }
    }
}
