package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.proconsul.api.membership.KeyringPool;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;

class GossipLeaderCheckTest {

    /** A LAN pool whose member list the test sets; the check only reads it, so the rest does nothing. */
    static final class Pool implements Membership {
        volatile List<Member> members = new ArrayList<>();

        @Override
        public List<Member> members(boolean wan) {
            return members;
        }

        @Override
        public int join(List<String> addresses, boolean wan) {
            return 0;
        }

        @Override
        public void leave() {
        }

        @Override
        public ForceLeaveResult forceLeave(String node, boolean prune, boolean wan) {
            return ForceLeaveResult.UNKNOWN_NODE;
        }

        @Override
        public List<KeyringPool> keyring(KeyringPool.Operation operation, String key, boolean localOnly, int relayFactor) {
            return List.of();
        }
    }

    private static Member server(String name, String id, String ip, String dc, MemberStatus status) {
        return new Member(name, ip, 8301, Map.of("role", "consul", "id", id, "dc", dc, "port", "8300"), status,
                2, 5, 2, 2, 5, 4);
    }

    @Test
    void beforeTheFirstJoinEverySenderPasses() {
        Pool pool = new Pool();
        pool.members = List.of(server("me", "id-me", "10.0.0.1", "dc1", MemberStatus.ALIVE));
        GossipLeaderCheck check = new GossipLeaderCheck("id-me", "dc1", () -> pool);
        assertNull(check.refusal("stranger", "10.9.9.9:8300"));
    }

    @Test
    void afterJoiningOnlyAnAliveServerOfThePoolMayLead() throws Exception {
        Pool pool = new Pool();
        pool.members = List.of(server("me", "id-me", "10.0.0.1", "dc1", MemberStatus.ALIVE),
                server("s2", "id-2", "10.0.0.2", "dc1", MemberStatus.ALIVE),
                server("s3", "id-3", "10.0.0.3", "dc1", MemberStatus.FAILED),
                server("w1", "id-w", "10.0.1.1", "dc2", MemberStatus.ALIVE));
        GossipLeaderCheck check = new GossipLeaderCheck("id-me", "dc1", () -> pool);
        assertNull(check.refusal("id-2", "10.0.0.2:8300"));
        assertEquals("no server with id old-leader in this server's LAN pool", check.refusal("old-leader", "10.0.0.9:8300"));
        assertEquals("server s3 is failed in this server's LAN pool", check.refusal("id-3", "10.0.0.3:8300"));
        assertEquals("server w1 belongs to datacenter dc2", check.refusal("id-w", "10.0.1.1:8300"));
        assertEquals("server s2 is known at 10.0.0.2:8300 in this server's LAN pool", check.refusal("id-2", "10.0.0.7:8300"));

        // the pool changes: s3 comes back alive; the view follows within its refresh time
        pool.members = List.of(server("me", "id-me", "10.0.0.1", "dc1", MemberStatus.ALIVE),
                server("s3", "id-3", "10.0.0.3", "dc1", MemberStatus.ALIVE));
        Thread.sleep(250);
        assertNull(check.refusal("id-3", "10.0.0.3:8300"));
        assertEquals("no server with id id-2 in this server's LAN pool", check.refusal("id-2", "10.0.0.2:8300"));
    }
}
