package org.proconsul.gossip.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * All members by name (self included), plus the probe order: a shuffled list walked round-robin, reshuffled at
 * each wrap, so every member is probed once per round in an order other nodes cannot predict (SWIM's bound
 * on detection time).
 */
final class MemberTable {
    private final Map<String, Member> byName = new HashMap<>();
    private final List<Member> order = new ArrayList<>();
    private int probeIndex;

    Member get(String name) {
        return byName.get(name);
    }

    int size() {
        return byName.size();
    }

    Collection<Member> all() {
        return byName.values();
    }

    /** Inserts at a random position so a new member is not probed by everyone at the same moment. */
    void add(Member m, RandomGenerator random) {
        if (byName.putIfAbsent(m.name, m) != null) {
            throw new AssertionError("member added twice: " + m.name);
        }
        order.add(random.nextInt(order.size() + 1), m);
    }

    void remove(String name) {
        Member m = byName.remove(name);
        if (m == null) {
            throw new AssertionError("removing unknown member " + name);
        }
        int i = order.indexOf(m);
        order.remove(i);
        if (i < probeIndex) {
            probeIndex--;
        }
    }

    /** Next member to probe that passes {@code eligible}, or null when none does. */
    Member nextProbeTarget(Predicate<Member> eligible, RandomGenerator random) {
        for (int checked = 0; checked <= order.size(); checked++) {
            if (probeIndex >= order.size()) {
                probeIndex = 0;
                shuffle(random);
            }
            if (order.isEmpty()) {
                return null;
            }
            Member m = order.get(probeIndex++);
            if (eligible.test(m)) {
                return m;
            }
        }
        return null;
    }

    private void shuffle(RandomGenerator random) {
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Member t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
    }

    /** Up to {@code k} distinct random members passing {@code eligible} (memberlist's kRandomNodes). */
    List<Member> randomMembers(int k, Predicate<Member> eligible, RandomGenerator random) {
        List<Member> out = new ArrayList<>(k);
        int n = order.size();
        if (n == 0 || k <= 0) {
            return out;
        }
        for (int tries = 0; tries < 3 * n && out.size() < k; tries++) {
            Member m = order.get(random.nextInt(n));
            if (eligible.test(m) && !out.contains(m)) {
                out.add(m);
            }
        }
        // random draws can miss in small clusters; a scan from a random offset makes the sample complete
        int start = random.nextInt(n);
        for (int i = 0; i < n && out.size() < k; i++) {
            Member m = order.get((start + i) % n);
            if (eligible.test(m) && !out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    int count(Predicate<Member> p) {
        int c = 0;
        for (Member m : order) {
            if (p.test(m)) {
                c++;
            }
        }
        return c;
    }
}
