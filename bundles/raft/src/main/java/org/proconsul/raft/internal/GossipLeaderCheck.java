package org.proconsul.raft.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.raft.core.AppendEntries;
import org.proconsul.raft.core.Heartbeat;
import org.proconsul.raft.core.InstallSnapshot;
import org.proconsul.raft.core.Message;
import org.proconsul.raft.core.RequestVote;
import org.proconsul.raft.core.TimeoutNow;

/**
 * Gossip's say in who may lead (S11). Servers carved off with a copy of the data share the cluster id, so
 * the id alone cannot keep the two groups apart; gossip can. Once this server has joined its LAN pool, a
 * message only a leader or a candidate sends is taken only from an alive (or leaving) server of the pool,
 * of this datacenter, whose node id is the sender's Raft id and whose server port is the one it sent from.
 * Before the first join (a restart still waiting on retry_join) every sender passes, so a server never
 * refuses its real leader for want of gossip. The view is rebuilt from gossip at most every 200 ms.
 */
final class GossipLeaderCheck {
    private static final long REFRESH_NANOS = 200_000_000L;

    private final String selfId;
    private final String datacenter;
    private final Supplier<Membership> membership;
    // rebuilt by whichever thread finds the view old; readers see one whole view
    private volatile View view = new View(false, Map.of(), 0);

    /** Who gossip knows as servers, by node id, and whether this server has seen another member alive. */
    private record View(boolean joined, Map<String, Member> serversById, long builtAtNanos) {
    }

    GossipLeaderCheck(String selfId, String datacenter, Supplier<Membership> membership) {
        this.selfId = selfId;
        this.datacenter = datacenter;
        this.membership = membership;
    }

    /** True for the messages that make a receiver follow, or vote for, their sender. */
    static boolean claimsLeadership(Message message) {
        return message instanceof AppendEntries || message instanceof Heartbeat || message instanceof InstallSnapshot
                || message instanceof TimeoutNow || message instanceof RequestVote;
    }

    /** Null when the sender may lead this server; otherwise why gossip says it may not. */
    String refusal(String senderId, String senderAddress) {
        View v = current();
        if (!v.joined()) {
            return null;
        }
        Member m = v.serversById().get(senderId);
        if (m == null) {
            return "no server with id " + senderId + " in this server's LAN pool";
        }
        if (m.status() != MemberStatus.ALIVE && m.status() != MemberStatus.LEAVING) {
            return "server " + m.name() + " is " + m.status().name().toLowerCase(java.util.Locale.ROOT)
                    + " in this server's LAN pool";
        }
        String dc = m.tags().getOrDefault("dc", "");
        if (!datacenter.equals(dc)) {
            return "server " + m.name() + " belongs to datacenter " + dc;
        }
        String gossipAddress = m.address() + ":" + m.tags().getOrDefault("port", "");
        if (!gossipAddress.equals(senderAddress)) {
            return "server " + m.name() + " is known at " + gossipAddress + " in this server's LAN pool";
        }
        return null;
    }

    private View current() {
        View v = view;
        long now = System.nanoTime();
        if (now - v.builtAtNanos() < REFRESH_NANOS && v.builtAtNanos() != 0) {
            return v;
        }
        Membership m = membership.get();
        if (m == null) {
            return v;
        }
        List<Member> members = m.members(false);
        boolean joined = v.joined();
        Map<String, Member> servers = new HashMap<>();
        for (Member member : members) {
            String id = member.tags().get("id");
            if (!selfId.equals(id) && member.status() == MemberStatus.ALIVE) {
                joined = true;
            }
            if (id != null && "consul".equals(member.tags().get("role"))) {
                servers.put(id, member);
            }
        }
        View next = new View(joined, Map.copyOf(servers), now);
        view = next;
        return next;
    }
}
