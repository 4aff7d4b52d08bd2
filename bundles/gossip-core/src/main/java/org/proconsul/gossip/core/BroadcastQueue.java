package org.proconsul.gossip.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Messages waiting to be piggybacked on gossip and probe packets. Each is sent a bounded number of times (the
 * retransmit limit, which grows with the log of the cluster size). Least-sent messages go first, newest first
 * among equals, so fresh news overtakes old. A message about a subject (say, node X's liveness) replaces any
 * queued message about the same subject: only the newest claim is worth spreading.
 */
final class BroadcastQueue {

    /** A queued message; {@code key} null means it invalidates nothing (queries, responses). */
    private static final class Item {
        final long id;
        final String key;
        final byte[] bytes;
        int transmits;

        Item(long id, String key, byte[] bytes) {
            this.id = id;
            this.key = key;
            this.bytes = bytes;
        }
    }

    /** Fewest transmits first, then newest (highest id) first; written out to avoid boxing on a hot path. */
    private static final Comparator<Item> ORDER = (a, b) -> a.transmits != b.transmits
            ? Integer.compare(a.transmits, b.transmits) : Long.compare(b.id, a.id);
    /** No useful message is smaller than this, so a packet with less room left is full. */
    private static final int SMALLEST_MESSAGE = 12;
    /** Caps the scan per packet so a deep queue of big messages cannot make one gossip round expensive. */
    private static final int MAX_SCAN = 256;
    /** After this many messages in a row that do not fit, the packet is as full as it will usefully get. */
    private static final int MAX_MISFITS = 8;

    private final TreeSet<Item> queue = new TreeSet<>(ORDER);
    private final Map<String, Item> byKey = new HashMap<>();
    private final Map<Long, Item> byId = new HashMap<>();
    private final int maxDepth;
    private long nextId = 1;
    private long dropped;

    BroadcastQueue(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** Queues an encoded message; returns its id (for {@link #pending}). */
    long add(String key, byte[] encoded) {
        if (key != null) {
            Item old = byKey.remove(key);
            if (old != null) {
                queue.remove(old);
                byId.remove(old.id);
            }
        }
        Item item = new Item(nextId++, key, encoded);
        queue.add(item);
        byId.put(item.id, item);
        if (key != null) {
            byKey.put(key, item);
        }
        while (queue.size() > maxDepth) {
            // the last item is the most-sent and oldest: the one the cluster most likely already has
            remove(queue.last());
            dropped++;
        }
        return item.id;
    }

    /**
     * Takes messages fitting {@code budgetBytes} (each costs its size plus {@code overheadPerMessage}),
     * counting one transmit each and retiring those that reached {@code transmitLimit}.
     */
    List<byte[]> take(int budgetBytes, int overheadPerMessage, int maxMessages, int transmitLimit) {
        List<byte[]> out = new ArrayList<>();
        if (queue.isEmpty() || maxMessages <= 0) {
            return out;
        }
        List<Item> taken = new ArrayList<>();
        int remaining = budgetBytes;
        int scanned = 0;
        int misfits = 0;
        for (Item item : queue) {
            if (remaining < SMALLEST_MESSAGE || out.size() >= maxMessages || scanned++ >= MAX_SCAN
                    || misfits >= MAX_MISFITS) {
                break;
            }
            int cost = item.bytes.length + overheadPerMessage;
            if (cost <= remaining) {
                remaining -= cost;
                out.add(item.bytes);
                taken.add(item);
                misfits = 0;
            } else {
                misfits++;
            }
        }
        for (Item item : taken) {
            queue.remove(item);
            item.transmits++;
            if (item.transmits >= transmitLimit) {
                byId.remove(item.id);
                if (item.key != null) {
                    byKey.remove(item.key);
                }
            } else {
                queue.add(item);
            }
        }
        return out;
    }

    private void remove(Item item) {
        queue.remove(item);
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
        return queue.size();
    }

    long droppedForDepth() {
        return dropped;
    }
}
