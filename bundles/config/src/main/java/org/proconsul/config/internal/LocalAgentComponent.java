package org.proconsul.config.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.LocalAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's identity, read once from PID {@code org.proconsul.agent}. The launcher writes that PID
 * fresh at every start, so nothing an earlier run saved can win. Keys prefixed {@code meta.} are node
 * meta; keys prefixed {@code setting.} are every resolved Consul option, for DebugConfig.
 */
@Component(service = LocalAgent.class, configurationPid = "org.proconsul.agent",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LocalAgentComponent implements LocalAgent {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAgentComponent.class);

    private final AgentConfig config;
    private final Instant startedAt = Instant.now();

    @Activate
    public LocalAgentComponent(Map<String, Object> properties) {
        this.config = fromProperties(properties);
        LOG.info("agent: identity node={} id={} datacenter={} server={} dev={}", config.nodeName(), config.nodeId(),
                config.datacenter(), config.server(), config.dev());
    }

    static AgentConfig fromProperties(Map<String, Object> p) {
        Map<String, String> meta = new TreeMap<>();
        Map<String, String> settings = new TreeMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith("meta.")) {
                meta.put(k.substring("meta.".length()), String.valueOf(v));
            } else if (k.startsWith("setting.")) {
                settings.put(k.substring("setting.".length()), String.valueOf(v));
            }
        });
        List<String> clients = Arrays.asList(str(p, "clientAddrs", "127.0.0.1").trim().split("\\s+"));
        return new AgentConfig(str(p, "nodeName", null), str(p, "nodeId", null), str(p, "datacenter", "dc1"),
                bool(p, "server"), bool(p, "dev"), bool(p, "bootstrap"), str(p, "bindAddr", "127.0.0.1"),
                str(p, "advertiseAddr", str(p, "bindAddr", "127.0.0.1")), clients, integer(p, "httpPort", 8500),
                integer(p, "dnsPort", 8600), integer(p, "serverPort", 8300), integer(p, "serfLanPort", 8301),
                integer(p, "serfWanPort", 8302), str(p, "dataDir", ""), str(p, "version", "0.0.0"),
                str(p, "revision", "dev"), str(p, "buildDate", ""), meta, settings);
    }

    private static String str(Map<String, Object> p, String key, String fallback) {
        Object v = p.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("agent: configuration lacks " + key);
            }
            return fallback;
        }
        return String.valueOf(v);
    }

    private static boolean bool(Map<String, Object> p, String key) {
        return Boolean.parseBoolean(String.valueOf(p.getOrDefault(key, "false")));
    }

    private static int integer(Map<String, Object> p, String key, int fallback) {
        Object v = p.get(key);
        return v == null ? fallback : Integer.parseInt(String.valueOf(v).trim());
    }

    @Override
    public AgentConfig config() {
        return config;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }
}
