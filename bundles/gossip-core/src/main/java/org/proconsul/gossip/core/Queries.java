package org.proconsul.gossip.core;

import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.proconsul.gossip.core.wire.Message;

/**
 * Bookkeeping of serf queries: the ones we started (collecting acks and responses until their deadline), the
 * ones we received and may still answer, and the recently seen ones so a query is handled once per node
 * however many times gossip delivers it.
 */
final class Queries {

    /** Remembered query identities; serf keeps a similar bounded buffer. Older duplicates may be handled twice. */
    private static final int SEEN_BOUND = 4096;
    /** Pending answers we keep at most; a flood of queries cannot grow memory without bound. */
    private static final int PENDING_BOUND = 4096;

    private static final class Outgoing {
        final long queryId;
        final long deadline;
        final Set<String> acks = new HashSet<>();
        final Set<String> responders = new HashSet<>();

        Outgoing(long queryId, long deadline) {
            this.queryId = queryId;
            this.deadline = deadline;
        }
    }

    /** Where an answer to a received query goes. */
    record Pending(String fromNode, String fromAddress, long lamportTime, int wireId, int relayFactor, long deadline) {
    }

    private final Map<String, Outgoing> outgoing = new LinkedHashMap<>();
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();
    private long nextQueryId = 1;
    private long nextToken = 1;

    static String key(long lamportTime, int wireId) {
        return lamportTime + "/" + wireId;
    }

    long start(long lamportTime, int wireId, long deadline) {
        long id = nextQueryId++;
        outgoing.put(key(lamportTime, wireId), new Outgoing(id, deadline));
        return id;
    }

    /** True the first time this query identity is seen. */
    boolean firstSighting(Message.Query q) {
        String k = key(q.lamportTime(), q.id());
        if (!seen.add(k)) {
            return false;
        }
        if (seen.size() > SEEN_BOUND) {
            Iterator<String> it = seen.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    long remember(Pending p) {
        if (pending.size() >= PENDING_BOUND) {
            Iterator<Long> it = pending.keySet().iterator();
            it.next();
            it.remove();
        }
        long token = nextToken++;
        pending.put(token, p);
        return token;
    }

    Pending takePending(long token, long now) {
        Pending p = pending.remove(token);
        return p == null || now > p.deadline() ? null : p;
    }

    /** Records an ack or response; returns the event to emit, or null for duplicates and unknown queries. */
    QueryEvent onResponse(Message.QueryResponse r, long now) {
        Outgoing o = outgoing.get(key(r.lamportTime(), r.id()));
        if (o == null || now > o.deadline) {
            return null;
        }
        if (r.ack()) {
            return o.acks.add(r.fromNode()) ? new QueryEvent.Ack(o.queryId, r.fromNode()) : null;
        }
        return o.responders.add(r.fromNode()) ? new QueryEvent.Response(o.queryId, r.fromNode(), r.payload()) : null;
    }

    void expire(long now, List<QueryEvent> events) {
        Iterator<Outgoing> it = outgoing.values().iterator();
        while (it.hasNext()) {
            Outgoing o = it.next();
            if (now > o.deadline) {
                it.remove();
                events.add(new QueryEvent.Finished(o.queryId, o.acks.size(), o.responders.size()));
            }
        }
        pending.values().removeIf(p -> now > p.deadline());
    }

    boolean idle() {
        return outgoing.isEmpty() && pending.isEmpty();
    }
}
