package org.proconsul.api.check;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.catalog.HealthCheck;

/** What the agent offers a running check beyond its definition. */
@ProviderType
public interface CheckContext {

    /** This agent's node name. */
    String nodeName();

    /** {@code enable_script_checks}: script checks from any source, the HTTP API included. */
    boolean scriptChecks();

    /** {@code enable_local_script_checks}: script checks from the agent's own config files only. */
    boolean localScriptChecks();

    /** The ids of the services registered with this agent. */
    java.util.Set<String> localServices();

    /** The checks this agent runs now, by check id, with their current status. */
    Map<String, HealthCheck> localChecks();

    /** Another node's checks as the catalog has them (read through a server); empty for an unknown node. */
    CompletionStage<List<HealthCheck>> catalogNodeChecks(String node);
}
