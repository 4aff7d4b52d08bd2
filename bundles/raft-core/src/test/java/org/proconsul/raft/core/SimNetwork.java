package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A seeded virtual network: every message gets a random delay (so messages reorder), may be dropped or
 * duplicated, and never crosses a cut link; a link cut while a message is in flight loses the message.
 */
final class SimNetwork {

    private record InFlight(long deliverAt, long seq, Message message) {
    }

    private final Random random;
    private final PriorityQueue<InFlight> queue =
            new PriorityQueue<>(Comparator.comparingLong(InFlight::deliverAt).thenComparingLong(InFlight::seq));
    private final Set<String> cutLinks = new HashSet<>();
    private long seq;
    private long now;
    int minDelay = 1;
    int maxDelay = 3;
    double dropRate;
    double duplicateRate;
    long delivered;
    long lost;

    SimNetwork(Random random) {
        this.random = random;
    }

    void setNow(long now) {
        this.now = now;
    }

    void send(Message m) {
        if (!canReach(m.from(), m.to()) || random.nextDouble() < dropRate) {
            lost++;
            return;
        }
        enqueue(m);
        if (random.nextDouble() < duplicateRate) {
            enqueue(m);
        }
    }

    private void enqueue(Message m) {
        long delay = minDelay + (maxDelay > minDelay ? random.nextInt(maxDelay - minDelay + 1) : 0);
        queue.add(new InFlight(now + delay, seq++, m));
    }

    /** Messages due by now, in delivery order, minus those whose link was cut meanwhile. */
    List<Message> due() {
        List<Message> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deliverAt() <= now) {
            Message m = queue.poll().message();
            if (canReach(m.from(), m.to())) {
                out.add(m);
                delivered++;
            } else {
                lost++;
            }
        }
        return out;
    }

    boolean canReach(String from, String to) {
        return !cutLinks.contains(from + "->" + to);
    }

    void cut(String from, String to) {
        cutLinks.add(from + "->" + to);
    }

    /** Cuts every link between {@code side} and the rest of {@code all}, both ways. */
    void partition(Collection<String> side, Collection<String> all) {
        for (String a : side) {
            for (String b : all) {
                if (!side.contains(b)) {
                    cut(a, b);
                    cut(b, a);
                }
            }
        }
    }

    void heal() {
        cutLinks.clear();
    }

    boolean hasCuts() {
        return !cutLinks.isEmpty();
    }
}
