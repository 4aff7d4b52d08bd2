package org.proconsul.cli.agent;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.proconsul.api.time.GoDuration;
import org.proconsul.cli.BuildInfo;
import org.proconsul.cli.config.AgentConfig;

/** Fans the resolved configuration out to each component's Config Admin PID. */
final class AgentPids {
    /** Not settings: a secret, and the service and check definitions, which go to their own file. */
    private static final java.util.Set<String> SKIPPED_SETTINGS = java.util.Set.of("encrypt", "services", "checks");
    /** The agent's service and check definitions from config files, beside the PIDs in the instance's etc. */
    static final String DEFINITIONS_FILE = "proconsul-definitions.json";

    private final AgentConfig c;
    private final String nodeId;
    private final BuildInfo build;

    AgentPids(AgentConfig config, String nodeId, BuildInfo build) {
        this.c = config;
        this.nodeId = nodeId;
        this.build = build;
    }

    String storageTarget() {
        return c.dev() ? "(engine=memory)" : "(engine=xodus)";
    }

    String raftAddress() {
        return c.advertiseAddr() + ":" + c.ports().server();
    }

    private Path definitionsFile;

    /** The JSON of the config files' {@code services} and {@code checks}, as the agent reads them at start. */
    String definitionsJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("services", c.services());
        doc.put("checks", c.checks());
        return org.proconsul.cli.GoJson.indent(doc, "  ");
    }

    Map<String, Map<String, String>> all(Path dataDir, Path definitions) {
        this.definitionsFile = definitions;
        Map<String, Map<String, String>> pids = new LinkedHashMap<>();
        pids.put("org.proconsul.agent", agent());
        pids.put("org.proconsul.http", http());
        pids.put("org.proconsul.gossip", gossip());
        pids.put("org.proconsul.rpc", rpc());
        if (c.server()) {
            pids.put("org.proconsul.state", Map.of("storage.target", storageTarget()));
            pids.put("org.proconsul.raft", raft());
            pids.put("org.proconsul.server", server());
        }
        if (c.server() && !c.dev()) {
            pids.put("org.proconsul.storage.xodus", Map.of("dataDir", dataDir.resolve("raft").toString()));
        }
        return pids;
    }

    private Map<String, String> agent() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nodeName", c.nodeName());
        if (definitionsFile != null) {
            p.put("setting.definitionsFile", definitionsFile.toString());
        }
        p.put("nodeId", nodeId);
        p.put("datacenter", c.datacenter());
        p.put("server", Boolean.toString(c.server()));
        p.put("dev", Boolean.toString(c.dev()));
        p.put("bootstrap", Boolean.toString(c.bootstrap()));
        p.put("bindAddr", c.bindAddr());
        p.put("advertiseAddr", c.advertiseAddr());
        p.put("clientAddrs", String.join(" ", c.clientAddr()));
        p.put("httpPort", Integer.toString(c.ports().http()));
        p.put("dnsPort", Integer.toString(c.ports().dns()));
        p.put("serverPort", Integer.toString(c.ports().server()));
        p.put("serfLanPort", Integer.toString(c.ports().serfLan()));
        p.put("serfWanPort", Integer.toString(c.ports().serfWan()));
        p.put("dataDir", c.dataDir() == null ? "" : c.dataDir());
        p.put("version", build.version());
        p.put("revision", build.revision());
        p.put("buildDate", build.buildDate());
        c.nodeMeta().forEach((k, v) -> p.put("meta." + k, v));
        for (RecordComponent rc : AgentConfig.class.getRecordComponents()) {
            try {
                Object value = rc.getAccessor().invoke(c);
                if (value != null && !SKIPPED_SETTINGS.contains(rc.getName())) {
                    p.put("setting." + rc.getName(), value instanceof Duration d ? GoDuration.format(d)
                            : String.valueOf(value));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read agent setting " + rc.getName(), e);
            }
        }
        return p;
    }

    private Map<String, String> http() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("addresses", String.join(" ", c.httpAddresses()));
        p.put("port", Integer.toString(c.ports().http()));
        p.put("kvMaxValueSize", Long.toString(c.limits().kvMaxValueSize()));
        p.put("txnMaxReqLen", Long.toString(c.limits().txnMaxReqLen()));
        p.put("defaultQueryTime", GoDuration.format(c.defaultQueryTime()));
        p.put("maxQueryTime", GoDuration.format(c.maxQueryTime()));
        p.put("httpMaxConnsPerClient", Integer.toString(c.limits().httpMaxConnsPerClient()));
        p.put("prettyAlways", Boolean.toString(c.dev()));
        return p;
    }

    private Map<String, String> gossip() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bindAddr", c.serfLanBindAddr());
        p.put("advertiseAddr", c.advertiseAddr());
        p.put("lanPort", Integer.toString(c.ports().serfLan()));
        p.put("wanPort", Integer.toString(c.ports().serfWan()));
        p.put("encrypt", c.encrypt() == null ? "" : c.encrypt());
        p.put("disableKeyringFile", Boolean.toString(c.disableKeyringFile()));
        p.put("dataDir", c.dev() || c.dataDir() == null ? "" : c.dataDir());
        p.put("retryJoin", String.join(" ", c.retryJoin()));
        p.put("retryIntervalSeconds", Long.toString(Math.max(1, c.retryInterval().toSeconds())));
        p.put("retryMax", Integer.toString(c.retryMax()));
        p.put("retryJoinWan", String.join(" ", c.retryJoinWan()));
        p.put("leaveDrainMillis", Long.toString(c.performance().leaveDrainTime().toMillis()));
        p.put("bootstrapExpect", Integer.toString(c.bootstrapExpect()));
        return p;
    }

    private Map<String, String> raft() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nodeId", nodeId);
        p.put("address", raftAddress());
        p.put("bootstrap", Boolean.toString(c.bootstrap()));
        p.put("raftMultiplier", Integer.toString(c.performance().raftMultiplier()));
        p.put("rpcHoldTimeout", GoDuration.format(c.performance().rpcHoldTimeout()));
        p.put("storage.target", storageTarget());
        p.put("bootstrapExpect", Integer.toString(c.bootstrapExpect()));
        p.put("datacenter", c.datacenter());
        p.put("snapshotThreshold", Long.toString(c.performance().raftSnapshotThreshold()));
        p.put("trailingLogs", Long.toString(c.performance().raftTrailingLogs()));
        p.put("snapshotInterval", GoDuration.format(c.performance().raftSnapshotInterval()));
        p.put("snapshotDir", c.dev() || c.dataDir() == null ? "" : Path.of(c.dataDir(), "raft", "snapshots").toString());
        p.put("raftDir", c.dev() || c.dataDir() == null ? "" : Path.of(c.dataDir(), "raft").toString());
        return p;
    }

    /** The autopilot block: the leader stores it while the datacenter has no autopilot settings. */
    private Map<String, String> server() {
        AgentConfig.Autopilot a = c.autopilot();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("autopilot.cleanupDeadServers", Boolean.toString(a.cleanupDeadServers()));
        p.put("autopilot.lastContactThreshold", GoDuration.format(a.lastContactThreshold()));
        p.put("autopilot.maxTrailingLogs", Integer.toString(a.maxTrailingLogs()));
        p.put("autopilot.minQuorum", Long.toString(a.minQuorum()));
        p.put("autopilot.serverStabilizationTime", GoDuration.format(a.serverStabilizationTime()));
        p.put("autopilot.redundancyZoneTag", a.redundancyZoneTag());
        p.put("autopilot.disableUpgradeMigration", Boolean.toString(a.disableUpgradeMigration()));
        p.put("autopilot.upgradeVersionTag", a.upgradeVersionTag());
        return p;
    }

    /** Servers listen on ports.server; client agents only call out. */
    private Map<String, String> rpc() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bindAddress", c.bindAddr());
        p.put("port", Integer.toString(c.server() ? c.ports().server() : -1));
        return p;
    }
}
