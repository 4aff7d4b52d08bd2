package org.proconsul.api.agent;

import java.util.List;
import java.util.Map;

/**
 * The agent's resolved identity and settings, as the launcher computed them from Consul's flags and
 * config files. {@code settings} keeps every resolved option by its Consul key (dotted for blocks, e.g.
 * {@code limits.kv_max_value_size}) for {@code /v1/agent/self}'s DebugConfig.
 */
public record AgentConfig(String nodeName, String nodeId, String datacenter, boolean server, boolean dev,
        boolean bootstrap, String bindAddr, String advertiseAddr, List<String> clientAddrs, int httpPort,
        int dnsPort, int serverPort, int serfLanPort, int serfWanPort, String dataDir, String version,
        String revision, String buildDate, Map<String, String> nodeMeta, Map<String, String> settings) {

    public AgentConfig {
        clientAddrs = List.copyOf(clientAddrs);
        nodeMeta = Map.copyOf(nodeMeta);
        settings = Map.copyOf(settings);
    }

    /** A setting by its Consul key, or {@code fallback}. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    public long longSetting(String key, long fallback) {
        String v = settings.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }
}
