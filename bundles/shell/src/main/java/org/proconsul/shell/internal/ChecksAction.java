package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.state.StateStore;

/**
 * {@code consul:checks}: health checks with their status and the first line of their output, from the
 * catalog ({@code -state} as {@code /v1/health/state}) or, with {@code -local}, as this agent runs them.
 */
@Service
@Command(scope = "consul", name = "checks", description = "Lists health checks and their status")
public class ChecksAction implements Action {

    @Reference(optional = true)
    StateStore store;

    @Reference(optional = true)
    AgentServices agent;

    @Option(name = "-state", description = "any, passing, warning or critical (catalog only)")
    String state = "any";

    @Option(name = "-local", description = "List the checks this agent runs")
    boolean local;

    @Override
    public Object execute() {
        Collection<HealthCheck> checks;
        if (local) {
            if (agent == null) {
                System.err.println("Error: this agent's check runner is not running");
                return null;
            }
            checks = agent.checks().values();
        } else {
            if (!List.of("any", HealthCheck.PASSING, HealthCheck.WARNING, HealthCheck.CRITICAL).contains(state)) {
                System.err.println("Error: invalid state \"" + state + "\"; use any, passing, warning or critical");
                return null;
            }
            if (store == null) {
                System.err.println("Error: the catalog is kept on servers; this agent has none (use -local)");
                return null;
            }
            checks = store.checksInState(state).value();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Node", "CheckID", "Status", "Type", "ServiceID", "Output"});
        for (HealthCheck c : checks) {
            String output = c.output().lines().findFirst().orElse("");
            rows.add(new String[] {c.node(), c.checkId(), c.status(), c.type(), c.serviceId(),
                    output.length() > 80 ? output.substring(0, 77) + "..." : output});
        }
        System.out.print(Table.format(rows));
        return null;
    }
}
