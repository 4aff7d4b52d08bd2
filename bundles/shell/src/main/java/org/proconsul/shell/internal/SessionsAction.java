package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.session.Session;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;

/** {@code consul:sessions}: the sessions in the state store, optionally of one node. */
@Service
@Command(scope = "consul", name = "sessions", description = "Lists sessions with their node, TTL, behavior and checks")
public class SessionsAction implements Action {

    @Reference
    StateStore store;

    @Option(name = "-node", description = "Only the sessions of this node")
    String node;

    @Override
    public Object execute() {
        List<Session> sessions = node == null ? store.sessions().value() : store.nodeSessions(node).value();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "Name", "Node", "TTL", "Behavior", "LockDelay", "Checks"});
        for (Session s : sessions) {
            rows.add(new String[] {s.id(), s.name(), s.node(), s.ttl() == null ? "" : GoDuration.format(s.ttl()),
                    s.behavior(), GoDuration.format(s.lockDelay()), String.join(",", s.allChecks())});
        }
        System.out.print(Table.format(rows));
        return null;
    }
}
