package org.proconsul.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.state.StateStore;

/**
 * {@code consul:services}: the catalog's services as {@code consul catalog services} lists them (with
 * {@code -tags} their tags); {@code -local} the services registered with this agent instead.
 */
@Service
@Command(scope = "consul", name = "services", description = "Lists the services in the catalog, or this agent's")
public class ServicesAction implements Action {

    @Reference(optional = true)
    StateStore store;

    @Reference(optional = true)
    AgentServices agent;

    @Option(name = "-tags", description = "Show the tags of each service")
    boolean tags;

    @Option(name = "-local", description = "List the services registered with this agent")
    boolean local;

    @Override
    public Object execute() {
        if (local) {
            if (agent == null) {
                System.err.println("Error: this agent's service registry is not running");
                return null;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "Service", "Port", "Tags"});
            for (CatalogService s : agent.services().values()) {
                rows.add(new String[] {s.id(), s.name(), Integer.toString(s.port()), String.join(",", s.tags())});
            }
            System.out.print(Table.format(rows));
            return null;
        }
        if (store == null) {
            System.err.println("Error: the catalog is kept on servers; this agent has none (use -local)");
            return null;
        }
        Map<String, List<String>> services = store.catalogServices().value();
        if (tags) {
            List<String[]> rows = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                rows.add(new String[] {e.getKey(), String.join(",", e.getValue())});
            }
            System.out.print(rows.isEmpty() ? "" : Table.format(rows));
        } else {
            services.keySet().forEach(System.out::println);
        }
        return null;
    }
}
