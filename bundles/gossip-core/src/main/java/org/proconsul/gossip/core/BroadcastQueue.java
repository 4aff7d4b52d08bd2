package org.proconsul.gossip.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Messages waiting to be piggybacked on gossip and probe packets. Each is sent a bounded number of times (the
 * retransmit limit, which grows with the log of the cluster size). Least-sent messages go first and, among
 * equals, the most recently queued or sent, so fresh news overtakes old. A message about a subject (say, node
 * X's liveness) replaces any queued message about the same subject: only the newest claim is worth spreading.
 *
 * <p>Kept as one deque per transmit count so taking and re-queueing are constant time: this runs for every
 * packet a node sends. Replaced and retired items are only marked and dropped lazily when a scan meets them.
 */
final class BroadcastQueue {

    /** A queued message; {@code key} null means it invalidates nothing (queries, responses). */
    private static final class Item {
        final long id;
        final String key;
        final byte[] bytes;
        int transmits;
        boolean gone;

        Item(long id, String key, byte[] bytes) {
            this.id = id;
            this.key = key;
            this.bytes = bytes;
        }
    }

    /** No useful message is smaller than this, so a packet with less room left is full. */
    private static final int SMALLEST_MESSAGE = 12;
    /** Caps the scan per packet so a deep queue of big messages cannot make one gossip round expensive. */
    private static final int MAX_SCAN = 256;
    /** After this many messages in a row that do not fit, the packet is as full as it will usefully get. */
    private static final int MAX_MISFITS = 8;

    /** index = transmits so far; head = most recently (re)queued */
    private final List<ArrayDeque<Item>> buckets = new ArrayList<>();
    private final Map<String, Item> byKey = new HashMap<>();
    private final Map<Long, Item> byId = new HashMap<>();
    private final int maxDepth;
    private long nextId = 1;
    private long dropped;
    /** deque entries including stale ones; compacted when stale ones dominate, so memory stays bounded */
    private int entries;

    BroadcastQueue(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    private ArrayDeque<Item> bucket(int transmits) {
        while (buckets.size() <= transmits) {
            buckets.add(new ArrayDeque<>());
        }
        return buckets.get(transmits);
    }

    /** Queues an encoded message; returns its id (for {@link #pending}). */
    long add(String key, byte[] encoded) {
        if (key != null) {
            Item old = byKey.remove(key);
            if (old != null) {
                retire(old);
            }
        }
        Item item = new Item(nextId++, key, encoded);
        bucket(0).addFirst(item);
        entries++;
        byId.put(item.id, item);
        if (key != null) {
            byKey.put(key, item);
        }
        while (byId.size() > maxDepth) {
            evictMostSent();
            dropped++;
        }
        return item.id;
    }

    /** Drops the oldest of the most-sent messages: the one the cluster most likely already has. */
    private void evictMostSent() {
        for (int t = buckets.size() - 1; t >= 0; t--) {
            ArrayDeque<Item> b = buckets.get(t);
            while (!b.isEmpty()) {
                Item item = b.pollLast();
                entries--;
                if (!item.gone && item.transmits == t) {
                    retire(item);
                    return;
                }
            }
        }
        throw new AssertionError("queue over depth but no live item found");
    }

    /**
     * Takes messages fitting {@code budgetBytes} (each costs its size plus {@code overheadPerMessage}),
     * counting one transmit each and retiring those that reached {@code transmitLimit}.
     */
    List<byte[]> take(int budgetBytes, int overheadPerMessage, int maxMessages, int transmitLimit) {
        List<byte[]> out = new ArrayList<>();
        if (byId.isEmpty() || maxMessages <= 0) {
            return out;
        }
        List<Item> taken = new ArrayList<>();
        int remaining = budgetBytes;
        int scanned = 0;
        int misfits = 0;
        scan:
        for (int t = 0; t < buckets.size(); t++) {
            Iterator<Item> it = buckets.get(t).iterator();
            while (it.hasNext()) {
                Item item = it.next();
                if (item.gone || item.transmits != t) {
                    it.remove(); // replaced, retired, or already moved up: a stale entry
                    entries--;
                    continue;
                }
                if (remaining < SMALLEST_MESSAGE || out.size() >= maxMessages || scanned++ >= MAX_SCAN
                        || misfits >= MAX_MISFITS) {
                    break scan;
                }
                int cost = item.bytes.length + overheadPerMessage;
                if (cost <= remaining) {
                    remaining -= cost;
                    out.add(item.bytes);
                    taken.add(item);
                    it.remove();
                    entries--;
                    misfits = 0;
                } else {
                    misfits++;
                }
            }
        }
        for (Item item : taken) {
            item.transmits++;
            if (item.transmits >= transmitLimit) {
                retire(item);
            } else {
                bucket(item.transmits).addFirst(item);
                entries++;
            }
        }
        if (entries > 2 * byId.size() + 1024) {
            compact();
        }
        return out;
    }

    private void compact() {
        entries = 0;
        for (int t = 0; t < buckets.size(); t++) {
            int bucketIndex = t;
            buckets.get(t).removeIf(i -> i.gone || i.transmits != bucketIndex);
            entries += buckets.get(t).size();
        }
    }

    /** Deque entries, stale ones included (tests check they stay bounded). */
    int entries() {
        return entries;
    }

    private void retire(Item item) {
        item.gone = true;
        byId.remove(item.id);
        if (item.key != null && byKey.get(item.key) == item) {
            byKey.remove(item.key);
        }
    }

    /** True while the message is still queued (not yet sent its full count nor replaced). */
    boolean pending(long id) {
        return byId.containsKey(id);
    }

    int size() {
        return byId.size();
    }

    long droppedForDepth() {
        return dropped;
    }
}
