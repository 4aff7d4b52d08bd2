package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;

/**
 * {@code consul:raft-peers}: this server's Raft configuration in {@code consul operator raft list-peers}'
 * columns. It reads the local view (as {@code -stale} does), so it answers during an outage too.
 */
@Service
@Command(scope = "consul", name = "raft-peers", description = "Lists the servers of the Raft configuration")
public class RaftPeersAction implements Action {

    @Reference
    Consensus consensus;

    @Reference
    Membership membership;

    @Override
    public Object execute() {
        RaftView view = consensus.view();
        Map<String, String> names = new HashMap<>();
        for (Member m : membership.members(false)) {
            String id = m.tags().get("id");
            if (id != null) {
                names.put(id, m.name());
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Node", "ID", "Address", "State", "Voter", "RaftProtocol"});
        for (RaftPeer p : view.peers()) {
            rows.add(new String[] {names.getOrDefault(p.id(), "(unknown)"), p.id(), p.address(),
                    p.id().equals(view.leaderId()) ? "leader" : "follower", Boolean.toString(p.voter()), "3"});
        }
        System.out.print(Table.format(rows));
        return null;
    }
}
