package org.proconsul.cli.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;

/**
 * The services an agent cannot run without, looked up by class name in the framework's registry (the
 * launcher shares no classes with the bundles), and waited for with a deadline.
 */
final class RequiredServices {
    private final Map<String, String> required = new LinkedHashMap<>();

    RequiredServices(boolean server, boolean http, String httpDescription) {
        required.put("org.proconsul.api.agent.LocalAgent", "agent configuration");
        required.put("org.proconsul.api.state.StateStore", "state store (storage)");
        if (server) {
            required.put("org.proconsul.api.raft.Consensus", "Raft (log storage)");
            required.put("org.proconsul.api.kv.KvService", "KV service");
        }
        if (http) {
            required.put("org.proconsul.http.internal.HttpApiComponent", "HTTP listener " + httpDescription);
        }
    }

    /** Waits until every required service is registered; returns what is still missing at the deadline. */
    List<String> await(Framework framework, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            List<String> missing = missing(framework);
            if (missing.isEmpty() || System.nanoTime() - deadline > 0) {
                return missing;
            }
            Thread.sleep(25);
        }
    }

    private List<String> missing(Framework framework) {
        List<String> missing = new ArrayList<>();
        BundleContext ctx = framework.getBundleContext();
        for (Map.Entry<String, String> e : required.entrySet()) {
            try {
                if (ctx == null || ctx.getServiceReferences(e.getKey(), null) == null) {
                    missing.add(e.getValue());
                }
            } catch (InvalidSyntaxException | IllegalStateException ex) {
                missing.add(e.getValue());
            }
        }
        return missing;
    }
}
