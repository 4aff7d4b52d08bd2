package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Raft safety properties, checked against everything the simulator observes: election safety, log
 * matching, leader completeness, state machine safety, durability of acknowledged proposals, read-index and
 * lease safety. Every failure message starts with the run's context (its seed) so it can be replayed.
 */
final class SafetyChecker {

    private record Proposed(long term, byte[] data) {
    }

    private final String context;
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Set<String> leadersChecked = new HashSet<>();
    /** Every entry any state machine applied, by index: all of them are committed. */
    final TreeMap<Long, Entry> committed = new TreeMap<>();
    private final Map<String, Proposed> pending = new HashMap<>();
    /** Proposals whose proposer saw them applied: what a client was told succeeded. */
    final List<Entry> acknowledged = new ArrayList<>();
    long maxAcknowledgedIndex;
    private final Map<Long, Long> readFloors = new HashMap<>();
    int confirmedReads;
    int rejectedReads;

    SafetyChecker(String context) {
        this.context = context;
    }

    AssertionError failure(String message) {
        return new AssertionError(context + ": " + message);
    }

    void observeLeader(SimNode n) {
        long term = n.core.term();
        String previous = leaderOfTerm.putIfAbsent(term, n.id);
        if (previous != null && !previous.equals(n.id)) {
            throw failure("election safety: both " + previous + " and " + n.id + " led term " + term);
        }
        if (leadersChecked.add(term + ":" + n.id)) {
            checkLeaderCompleteness(n);
        }
    }

    int leaderCount() {
        return leaderOfTerm.size();
    }

    /** A new leader must hold every committed entry (beyond its snapshot), acknowledged ones included. */
    private void checkLeaderCompleteness(SimNode n) {
        LogView log = n.core.logView();
        if (committed.isEmpty()) {
            return;
        }
        long from = log.firstIndex();
        long to = committed.lastKey();
        if (to > log.lastIndex()) {
            throw failure("leader completeness: leader " + n.id + " term " + n.core.term() + " has last index "
                    + log.lastIndex() + " but index " + to + " is committed");
        }
        if (from > to) {
            return;
        }
        for (Entry e : log.entries(from, to)) {
            Entry c = committed.get(e.index());
            if (c != null && !c.equals(e)) {
                throw failure("leader completeness: leader " + n.id + " term " + n.core.term() + " has " + e
                        + " where " + c + " is committed");
            }
        }
        for (Entry a : acknowledged) {
            if (a.index() >= from && !log.entries(a.index(), a.index()).get(0).equals(a)) {
                throw failure("acknowledged proposal " + a + " missing from leader " + n.id);
            }
        }
    }

    void applied(SimNode n, Entry e) {
        Entry previous = committed.putIfAbsent(e.index(), e);
        if (previous != null && !previous.equals(e)) {
            throw failure("state machine safety: " + n.id + " applied " + e + " where " + previous + " was applied");
        }
        Proposed p = pending.remove(n.id + ":" + e.index());
        if (p != null && p.term() == e.term()) {
            if (!Arrays.equals(p.data(), e.data())) {
                throw failure("proposal at " + e.index() + " applied with other data");
            }
            acknowledged.add(e);
            maxAcknowledgedIndex = Math.max(maxAcknowledgedIndex, e.index());
        }
    }

    void snapshotInstalled(SimNode n, List<Entry> data) {
        for (Entry e : data) {
            Entry previous = committed.putIfAbsent(e.index(), e);
            if (previous != null && !previous.equals(e)) {
                throw failure("snapshot installed on " + n.id + " has " + e + " where " + previous + " was applied");
            }
        }
    }

    void proposed(String nodeId, Proposal.Accepted accepted, byte[] data) {
        pending.put(nodeId + ":" + accepted.index(), new Proposed(accepted.term(), data));
    }

    void crashed(String nodeId) {
        pending.keySet().removeIf(k -> k.startsWith(nodeId + ":"));
    }

    void readIssued(long requestId) {
        readFloors.put(requestId, maxAcknowledgedIndex);
    }

    /** A confirmed read index must cover every write acknowledged before the read was asked for. */
    void readAnswered(SimNode n, ReadState rs) {
        Long floor = readFloors.remove(rs.requestId());
        if (floor == null) {
            throw failure("unknown or repeated read answer " + rs + " on " + n.id);
        }
        if (!rs.isConfirmed()) {
            rejectedReads++;
            return;
        }
        confirmedReads++;
        if (rs.readIndex() < floor) {
            throw failure("read index " + rs.readIndex() + " on " + n.id + " misses acknowledged write at " + floor);
        }
    }

    void forgetReadsOf(Collection<Long> requestIds) {
        readFloors.keySet().removeAll(requestIds);
    }

    /** While a leader's lease holds, no newer leader may exist. */
    void checkLease(Collection<SimNode> nodes) {
        for (SimNode holder : nodes) {
            if (!holder.up() || !holder.core.leaseValid()) {
                continue;
            }
            for (SimNode other : nodes) {
                if (other.up() && other.core.role() == Role.LEADER && other.core.term() > holder.core.term()) {
                    throw failure("lease safety: " + holder.id + " holds a lease in term " + holder.core.term()
                            + " while " + other.id + " leads term " + other.core.term());
                }
            }
        }
    }

    /** If two logs hold an entry with the same index and term, they are identical up to it. */
    void checkLogMatching(Collection<SimNode> nodes) {
        List<SimNode> up = new ArrayList<>();
        for (SimNode n : nodes) {
            if (n.up()) {
                up.add(n);
            }
        }
        for (int i = 0; i < up.size(); i++) {
            for (int j = i + 1; j < up.size(); j++) {
                checkLogMatching(up.get(i), up.get(j));
            }
        }
    }

    private void checkLogMatching(SimNode a, SimNode b) {
        LogView la = a.core.logView();
        LogView lb = b.core.logView();
        long from = Math.max(la.firstIndex(), lb.firstIndex());
        long to = Math.min(la.lastIndex(), lb.lastIndex());
        long highestMatch = -1;
        for (long i = to; i >= from; i--) {
            if (la.term(i) == lb.term(i)) {
                highestMatch = i;
                break;
            }
        }
        if (highestMatch < from) {
            return;
        }
        List<Entry> ea = la.entries(from, highestMatch);
        List<Entry> eb = lb.entries(from, highestMatch);
        if (!ea.equals(eb)) {
            for (int k = 0; k < ea.size(); k++) {
                if (!ea.get(k).equals(eb.get(k))) {
                    throw failure("log matching: " + a.id + " and " + b.id + " agree on index " + highestMatch
                            + " but differ at " + ea.get(k) + " vs " + eb.get(k));
                }
            }
        }
    }

    /** After the run: every acknowledged proposal is in every state machine that got that far. */
    void checkFinal(Collection<SimNode> nodes) {
        for (SimNode n : nodes) {
            for (Entry a : acknowledged) {
                if (a.index() > n.lastApplied()) {
                    throw failure(n.id + " never applied acknowledged " + a);
                }
                if (!n.stateMachine.get((int) a.index() - 1).equals(a)) {
                    throw failure(n.id + " applied " + n.stateMachine.get((int) a.index() - 1) + " instead of "
                            + "acknowledged " + a);
                }
            }
        }
    }
}
