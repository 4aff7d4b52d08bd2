package org.proconsul.cli.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;

/**
 * The components an agent cannot run without, waited for with a deadline. Each registers a
 * {@code ComponentReady} marker once it really works (SCR may register a component's service before
 * activating it, so a service alone proves nothing); the launcher shares no classes with the bundles
 * and looks the markers up by class name and filter.
 */
final class RequiredServices {
    private static final String MARKER = "org.proconsul.api.agent.ComponentReady";

    /** marker name -> what an operator reads when it is missing */
    private final Map<String, String> required = new LinkedHashMap<>();

    RequiredServices(boolean server, boolean http, String httpDescription) {
        required.put("gossip", "gossip (serf LAN/WAN ports)");
        required.put("rpc", server ? "server RPC listener (ports.server)" : "RPC client");
        if (server) {
            required.put("state", "state store (storage)");
            required.put("raft", "Raft (log storage)");
        }
        if (http) {
            required.put("http", "HTTP listener " + httpDescription);
        }
    }

    /** How start-up ended: what is still missing at the deadline, or the reason a component gave up. */
    record Outcome(List<String> missing, String failure) {
        boolean ok() {
            return missing.isEmpty() && failure == null;
        }
    }

    /**
     * Waits until every required service is registered, or a component reports it cannot start (then at
     * once, with its reason), or the deadline passes.
     */
    Outcome await(Framework framework, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            String failure = failure(framework);
            if (failure != null) {
                return new Outcome(List.of(), failure);
            }
            List<String> missing = missing(framework);
            if (missing.isEmpty() || System.nanoTime() - deadline > 0) {
                return new Outcome(missing, null);
            }
            Thread.sleep(25);
        }
    }

    private static String failure(Framework framework) {
        BundleContext ctx = framework.getBundleContext();
        try {
            org.osgi.framework.ServiceReference<?>[] refs = ctx == null ? null
                    : ctx.getServiceReferences(MARKER, "(proconsul.failed=*)");
            return refs == null ? null : String.valueOf(refs[0].getProperty("proconsul.reason"));
        } catch (InvalidSyntaxException | IllegalStateException ex) {
            return null;
        }
    }

    private List<String> missing(Framework framework) {
        List<String> missing = new ArrayList<>();
        BundleContext ctx = framework.getBundleContext();
        for (Map.Entry<String, String> e : required.entrySet()) {
            try {
                if (ctx == null || ctx.getServiceReferences(MARKER, "(proconsul.ready=" + e.getKey() + ")") == null) {
                    missing.add(e.getValue());
                }
            } catch (InvalidSyntaxException | IllegalStateException ex) {
                missing.add(e.getValue());
            }
        }
        return missing;
    }
}
