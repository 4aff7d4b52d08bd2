package org.proconsul.cli.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.ColumnFormatter;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/** {@code consul catalog datacenters|nodes|services}: the catalog's lists, printed as Consul prints them. */
public final class CatalogReadCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    private static final char D = ColumnFormatter.DELIM;

    /** Which list. */
    public enum What { DATACENTERS, NODES, SERVICES }

    private final What what;

    public CatalogReadCommand(Io io, What what) {
        super(io, what == What.DATACENTERS ? ExtraFlags.NONE : ExtraFlags.SERVER_AND_TENANCY);
        this.what = what;
        if (what == What.NODES) {
            flags.bool(CMD, "detailed", false, "Print the node's tagged addresses and meta as well.");
            flags.string(CMD, "filter", "", "string", "Filter expression the agent applies to the nodes.");
            flags.string(CMD, "node-meta", "", "key=value", "Only nodes with this meta pair.");
            flags.string(CMD, "service", "", "string", "Only nodes that run this service.");
        } else if (what == What.SERVICES) {
            flags.string(CMD, "node", "", "string", "Only the services of this node.");
            flags.string(CMD, "node-meta", "", "key=value", "Only services on nodes with this meta pair.");
            flags.bool(CMD, "tags", false, "Print each service's tags.");
        }
    }

    @Override
    public String synopsis() {
        return switch (what) {
            case DATACENTERS -> "Lists all known datacenters";
            case NODES -> "Lists all nodes in the given datacenter";
            case SERVICES -> "Lists all registered services in a datacenter";
        };
    }

    @Override
    protected String usageText() {
        return "Usage: consul catalog " + what.name().toLowerCase(java.util.Locale.ROOT) + " [options]\n"
                + "\n"
                + "  " + synopsis() + ".";
    }

    @Override
    public int run(String[] args) {
        ConsulHttpClient client = parseAndConnect(args);
        if (client == null) {
            return 1;
        }
        if (!flags.args().isEmpty()) {
            io.error("Too many arguments (expected 0, got " + flags.args().size() + ")");
            client.close();
            return 1;
        }
        try (client) {
            return switch (what) {
                case DATACENTERS -> datacenters(client);
                case NODES -> nodes(client);
                case SERVICES -> services(client);
            };
        } catch (ConsulApiException e) {
            io.error("Error listing " + what.name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            return 1;
        } catch (GoJson.JsonException e) {
            io.error("Error listing " + what.name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            return 1;
        }
    }

    private Object get(ConsulHttpClient client, String path, Map<String, String> params)
            throws ConsulApiException, GoJson.JsonException {
        HttpResponse r = client.send("GET", path, params, null, null);
        if (r.status() != 200) {
            throw new ConsulApiException("Unexpected response code: " + r.status() + " (" + r.bodyText().strip() + ")");
        }
        return GoJson.parse(r.body());
    }

    private Map<String, String> params() {
        Map<String, String> p = consistencyParams();
        String meta = flags.getString("node-meta");
        if (!meta.isEmpty()) {
            int eq = meta.indexOf('=');
            p.put("node-meta", eq < 0 ? meta : meta.substring(0, eq) + ":" + meta.substring(eq + 1));
        }
        return p;
    }

    private int datacenters(ConsulHttpClient client) throws ConsulApiException, GoJson.JsonException {
        Object dcs = get(client, "/v1/catalog/datacenters", new HashMap<>());
        if (!(dcs instanceof List<?> list) || list.isEmpty()) {
            io.error("No datacenters found");
            return 1;
        }
        list.forEach(dc -> io.info(String.valueOf(dc)));
        return 0;
    }

    private int nodes(ConsulHttpClient client) throws ConsulApiException, GoJson.JsonException {
        Map<String, String> p = params();
        if (!flags.getString("filter").isEmpty()) {
            p.put("filter", flags.getString("filter"));
        }
        List<Map<?, ?>> nodes = new ArrayList<>();
        String service = flags.getString("service");
        if (service.isEmpty()) {
            for (Object o : (List<?>) get(client, "/v1/catalog/nodes", p)) {
                nodes.add((Map<?, ?>) o);
            }
        } else {
            for (Object o : (List<?>) get(client, "/v1/catalog/service/" + service, p)) {
                Map<?, ?> row = (Map<?, ?>) o;
                Map<String, Object> node = new java.util.LinkedHashMap<>();
                node.put("Node", row.get("Node"));
                node.put("ID", row.get("ID"));
                node.put("Address", row.get("Address"));
                node.put("Datacenter", row.get("Datacenter"));
                node.put("TaggedAddresses", row.get("TaggedAddresses"));
                node.put("Meta", row.get("NodeMeta"));
                nodes.add(node);
            }
        }
        if (nodes.isEmpty()) {
            io.error("No nodes match the given query - try expanding your search.");
            return 0;
        }
        boolean detailed = flags.getBool("detailed");
        ColumnFormatter table = new ColumnFormatter();
        table.row(detailed ? "Node" + D + "ID" + D + "Address" + D + "DC" + D + "TaggedAddresses" + D + "Meta"
                : "Node" + D + "ID" + D + "Address" + D + "DC");
        for (Map<?, ?> n : nodes) {
            String id = String.valueOf(n.get("ID"));
            String shortId = detailed || id.length() < 8 ? id : id.substring(0, 8);
            String base = n.get("Node") + "" + D + shortId + D + n.get("Address") + D + n.get("Datacenter");
            table.row(detailed ? base + D + pairs(n.get("TaggedAddresses")) + D + pairs(n.get("Meta")) : base);
        }
        io.info(table.format());
        return 0;
    }

    private static String pairs(Object map) {
        List<String> out = new ArrayList<>();
        if (map instanceof Map<?, ?> m) {
            new java.util.TreeMap<>(m).forEach((k, v) -> out.add(k + "=" + v));
        }
        return String.join(", ", out);
    }

    private int services(ConsulHttpClient client) throws ConsulApiException, GoJson.JsonException {
        Map<String, String> p = params();
        Map<String, List<String>> services = new java.util.TreeMap<>();
        String node = flags.getString("node");
        if (node.isEmpty()) {
            Object doc = get(client, "/v1/catalog/services", p);
            if (doc instanceof Map<?, ?> m) {
                m.forEach((k, v) -> services.put(String.valueOf(k), strings(v)));
            }
        } else {
            Object doc = get(client, "/v1/catalog/node/" + node, p);
            if (doc instanceof Map<?, ?> m && m.get("Services") instanceof Map<?, ?> byId) {
                for (Object s : byId.values()) {
                    Map<?, ?> service = (Map<?, ?>) s;
                    services.computeIfAbsent(String.valueOf(service.get("Service")), k -> new ArrayList<>())
                            .addAll(strings(service.get("Tags")));
                }
            }
        }
        if (services.isEmpty()) {
            io.error("No services match the given query - try expanding your search.");
            return 0;
        }
        if (!flags.getBool("tags")) {
            services.keySet().forEach(io::info);
            return 0;
        }
        ColumnFormatter table = new ColumnFormatter();
        services.forEach((name, tags) -> table.row(name + D + String.join(",",
                new java.util.TreeSet<>(tags))));
        io.info(table.format());
        return 0;
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
