package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Defaults, dev mode, Consul's validation messages and warnings. */
class ValidationTest extends LoaderTestSupport {

    @Test
    void clientDefaults() throws Exception {
        AgentConfig c = load();
        assertFalse(c.dev());
        assertFalse(c.server());
        assertFalse(c.bootstrap());
        assertEquals(0, c.bootstrapExpect());
        assertEquals("node1", c.nodeName());
        assertNull(c.nodeId());
        assertTrue(c.disableHostNodeId());
        assertEquals("dc1", c.datacenter());
        assertEquals(tmp.resolve("data").toString(), c.dataDir());
        assertEquals("0.0.0.0", c.bindAddr());
        assertEquals("10.0.0.5", c.advertiseAddr(), "the host's only private IPv4 address");
        assertEquals("10.0.0.5", c.advertiseAddrWan());
        assertEquals("0.0.0.0", c.serfLanBindAddr());
        assertEquals(List.of("127.0.0.1"), c.clientAddr());
        assertEquals(new AgentConfig.Ports(8500, -1, 8600, -1, 8301, 8302, 8300), c.ports());
        assertEquals(List.of("127.0.0.1"), c.httpAddresses());
        assertEquals(List.of(), c.retryJoin());
        assertEquals(Duration.ofSeconds(30), c.retryInterval());
        assertEquals(Duration.ofSeconds(30), c.retryIntervalWan());
        assertEquals(0, c.retryMax());
        assertFalse(c.rejoinAfterLeave());
        assertNull(c.encrypt());
        assertFalse(c.disableKeyringFile());
        assertEquals("INFO", c.logLevel());
        assertNull(c.logFile());
        assertNull(c.logFileTarget());
        assertEquals("LOCAL0", c.syslogFacility());
        assertEquals(Map.of(), c.nodeMeta());
        assertEquals("consul.", c.domain());
        assertNull(c.altDomain());
        assertFalse(c.uiEnabled());
        assertEquals(Duration.ofSeconds(300), c.defaultQueryTime());
        assertEquals(Duration.ofSeconds(600), c.maxQueryTime());
        assertTrue(c.leaveOnTerminate(), "clients leave on SIGTERM");
        assertFalse(c.skipLeaveOnInterrupt(), "clients leave on SIGINT");
        assertEquals(new AgentConfig.Limits(524288, 524288, 200, 100), c.limits());
        assertEquals(new AgentConfig.Performance(5, Duration.ofSeconds(5), Duration.ofSeconds(7), 16384, 10240,
                Duration.ofSeconds(30)), c.performance());
        assertEquals(new AgentConfig.Autopilot(false, true, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(10), "",
            false, ""), c.autopilot());
        assertEquals(true, c.dnsConfig().get("allow_stale"));
        assertEquals(Duration.ofHours(87600), c.dnsConfig().get("max_stale"));
        assertEquals(3, c.dnsConfig().get("udp_answer_limit"));
        assertEquals(Duration.ofSeconds(2), c.dnsConfig().get("recursor_timeout"));
        assertEquals(Map.of("refresh", 3600, "retry", 600, "expire", 86400, "min_ttl", 0), c.dnsConfig().get("soa"));
        assertEquals(Duration.ofHours(72), c.reconnectTimeout());
        assertEquals(Duration.ofSeconds(10), c.sessionTtlMin());
        assertEquals(3, c.raftProtocol());
        assertEquals(2, c.protocol());
        assertEquals(List.of(), c.services());
        assertEquals(List.of(), c.configSources());
        assertEquals(List.of(), warnings);
    }

    @Test
    void serverDefaultsForLeaving() throws Exception {
        AgentConfig c = load("-server", "-bootstrap-expect=3");
        assertFalse(c.leaveOnTerminate(), "servers do not leave on SIGTERM");
        assertTrue(c.skipLeaveOnInterrupt(), "servers do not leave on SIGINT");
        AgentConfig d = load("-server", "-bootstrap-expect=3", "-hcl", "skip_leave_on_interrupt = false");
        assertFalse(d.skipLeaveOnInterrupt());
    }

    @Test
    void devMode() throws Exception {
        AgentConfig c = loadArgs("-dev");
        assertTrue(c.dev());
        assertTrue(c.server());
        assertTrue(c.bootstrap());
        assertNull(c.dataDir());
        assertEquals("127.0.0.1", c.bindAddr());
        assertEquals("127.0.0.1", c.advertiseAddr());
        assertEquals(List.of("127.0.0.1"), c.clientAddr());
        assertEquals("DEBUG", c.logLevel());
        assertTrue(c.disableKeyringFile());
        assertTrue(c.uiEnabled());
        assertEquals(8502, c.ports().grpc());
        assertEquals(1, c.performance().raftMultiplier());
        assertEquals("node1", c.nodeName());
        assertEquals(List.of(), warnings, "Consul's dev mode does not set bootstrap, so no bootstrap warning");
    }

    @Test
    void dataDirIsRequiredOutsideDevMode() {
        assertEquals("data_dir cannot be empty", failsArgs("-server").getMessage());
        assertEquals(ConfigException.Kind.CONFIG, failsArgs().kind());
    }

    @Test
    void dataDirMustBeADirectory() throws Exception {
        Path f = write("plain-file", "x");
        assertEquals("data_dir \"" + f + "\" is not a directory", failsArgs("-data-dir=" + f).getMessage());
    }

    @Test
    void deprecatedMdbDirectoryStopsAServer() throws Exception {
        Files.createDirectories(tmp.resolve("data/mdb"));
        assertEquals("CRITICAL: Deprecated data folder found at \"" + tmp.resolve("data/mdb") + "\"!\n"
            + "Consul will refuse to boot with this directory present.\n"
            + "See https://www.consul.io/docs/upgrade-specific.html for more information.",
            fails("-server", "-bootstrap").getMessage());
    }

    @Test
    void bootstrapRules() {
        assertFails("'bootstrap = true' requires 'server = true'", "-bootstrap");
        assertFails("'bootstrap_expect > 0' requires 'server = true'", "-bootstrap-expect=3");
        assertEquals("'bootstrap_expect > 0' not allowed in dev mode",
            failsArgs("-dev", "-bootstrap-expect=3").getMessage());
        assertFails("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive", "-server", "-bootstrap",
            "-bootstrap-expect=3");
        assertFails("bootstrap_expect cannot be -1. Must be greater than or equal to zero", "-server",
            "-bootstrap-expect=-1");
    }

    @Test
    void bootstrapExpectOneIsBootstrapMode() throws Exception {
        AgentConfig c = load("-server", "-bootstrap-expect=1");
        assertTrue(c.bootstrap());
        assertEquals(0, c.bootstrapExpect());
        assertEquals(List.of("BootstrapExpect is set to 1; this is the same as Bootstrap mode.",
            "bootstrap = true: do not enable unless necessary"), warnings);
        // the conversion happens before validation, as in Consul
        assertFails("'bootstrap = true' requires 'server = true'", "-bootstrap-expect=1");
        assertTrue(loadArgs("-dev", "-bootstrap-expect=1").bootstrap());
    }

    @Test
    void bootstrapWarnings() throws Exception {
        load("-server", "-bootstrap");
        assertEquals(List.of("bootstrap = true: do not enable unless necessary"), warnings);
        load("-server", "-bootstrap-expect=2");
        assertEquals(List.of("bootstrap_expect = 2: A cluster with 2 servers will provide no failure tolerance. See "
            + "https://www.consul.io/docs/internals/consensus.html#deployment-table",
            "bootstrap_expect > 0: expecting 2 servers"), warnings);
        load("-server", "-bootstrap-expect=4");
        assertEquals(List.of("bootstrap_expect is even number: A cluster with an even number of servers does not "
            + "achieve optimum fault tolerance. See https://www.consul.io/docs/internals/consensus.html#deployment-table",
            "bootstrap_expect > 0: expecting 4 servers"), warnings);
        load("-server", "-bootstrap-expect=3");
        assertEquals(List.of("bootstrap_expect > 0: expecting 3 servers"), warnings);
    }

    @Test
    void warningsAreOnlyDeliveredWhenLoadingSucceeds() {
        failsArgs("-bootstrap-expect=1");
        assertEquals(List.of(), warnings);
    }

    @Test
    void advertiseAnyAddressIsRejected() {
        assertFails("Advertise address cannot be 0.0.0.0, :: or [::]", "-advertise=0.0.0.0");
        assertFails("Advertise address cannot be 0.0.0.0, :: or [::]", "-advertise=::");
        assertFails("Advertise address cannot be 0.0.0.0, :: or [::]", "-advertise=[::]");
        assertFails("Advertise WAN address cannot be 0.0.0.0, :: or [::]", "-advertise-wan=0.0.0.0");
    }

    @Test
    void encryptKey() throws Exception {
        assertFails("encrypt has invalid key: illegal base64 data at input byte 3", "-encrypt=not-base64!");
        assertFails("encrypt has invalid key: illegal base64 data at input byte 0", "-encrypt=abc");
        assertFails("encrypt has invalid key: key size must be 16, 24 or 32 bytes", "-encrypt=YWJj");
        assertEquals("pUqu92sYcSbMPFzwHkXDAA==", load("-encrypt=pUqu92sYcSbMPFzwHkXDAA==").encrypt());
        assertEquals(44, load("-encrypt=" + "A".repeat(43) + "=").encrypt().length());
    }

    @Test
    void datacenterName() throws Exception {
        assertEquals("dc-east_1", load("-datacenter=DC-East_1").datacenter(), "lower-cased first");
        assertFails("datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"dc 1\"",
            "-datacenter=dc 1");
        assertFails("datacenter can only contain lowercase alphanumeric, - or _ characters. received: \"dc.1\"",
            "-datacenter=dc.1");
        assertFails("datacenter cannot be empty", "-datacenter=");
    }

    @Test
    void nodeMetaLimits() {
        assertFails("node_meta invalid: Couldn't load metadata pair ('bad key', 'v'): Key contains invalid characters",
            "-node-meta=bad key:v");
        assertFails("node_meta invalid: Couldn't load metadata pair ('consul-x', 'v'): Key prefix 'consul-' is "
            + "reserved for internal use", "-node-meta=consul-x:v");
        assertFails("node_meta invalid: Couldn't load metadata pair ('k', '" + "v".repeat(513) + "'): Value is too "
            + "long (limit: 512 characters)", "-node-meta=k:" + "v".repeat(513));
        assertFails("node_meta invalid: Couldn't load metadata pair ('" + "k".repeat(129) + "', 'v'): Key is too long "
            + "(limit: 128 characters)", "-node-meta=" + "k".repeat(129) + ":v");
        String[] args = new String[65];
        for (int i = 0; i < 65; i++) {
            args[i] = "-node-meta=k" + i + ":v";
        }
        assertFails("node_meta invalid: Node metadata cannot contain more than 64 key/value pairs", args);
    }

    @Test
    void ports() throws Exception {
        ConfigException e = fails("-http-port=70000");
        assertEquals("ports.http: invalid port: 70000", e.getMessage());
        assertEquals("1 error occurred:\n\t* ports.http: invalid port: 70000\n\n", e.consulText());
        assertFails("server-port must be greater than zero", "-server-port=0");
        assertFails("serf-lan-port must be greater than zero", "-serf-lan-port=-5");
        AgentConfig c = load("-http-port=0", "-dns-port=-1", "-serf-wan-port=-1");
        assertEquals(-1, c.ports().http());
        assertEquals(-1, c.ports().dns());
        assertEquals(-1, c.ports().serfWan());
    }

    @Test
    void raftSnapshotSettings() throws Exception {
        AgentConfig c = load("-hcl", "raft_snapshot_interval = \"5s\"\nraft_snapshot_threshold = 100\nraft_trailing_logs = 7");
        assertEquals(Duration.ofSeconds(5), c.performance().raftSnapshotInterval());
        assertEquals(100, c.performance().raftSnapshotThreshold());
        assertEquals(7, c.performance().raftTrailingLogs());
        assertFails("raft_snapshot_interval must be positive, got 0s", "-hcl", "raft_snapshot_interval = \"0s\"");
    }

    @Test
    void listenerCollisions() {
        assertFails("HTTP address 127.0.0.1:8600 already configured for DNS", "-http-port=8600");
        assertFails("Serf Advertise LAN address 10.0.0.5:8300 already configured for RPC Advertise",
            "-serf-lan-port=8300");
    }

    @Test
    void collectedErrorsAreReportedTogether() {
        ConfigException e = fails("-retry-interval=soon", "-hcl", "performance { leave_drain_time = \"x\" }");
        assertEquals("performance.leave_drain_time: invalid duration: \"x\": time: invalid duration \"x\"; "
            + "retry_interval: invalid duration: \"soon\": time: invalid duration \"soon\"", e.getMessage());
        assertEquals("2 errors occurred:\n\t* performance.leave_drain_time: invalid duration: \"x\": time: invalid "
            + "duration \"x\"\n\t* retry_interval: invalid duration: \"soon\": time: invalid duration \"soon\"\n\n",
            e.consulText());
    }

    @Test
    void durationsAndStrategies() {
        assertFails("dns_config.service_ttl[\"*\"]: invalid duration: \"5\": time: missing unit in duration \"5\"",
            "-hcl", "dns_config { service_ttl { \"*\" = \"5\" } }");
        assertFails("recursor_timeout: invalid duration: \"1\": time: missing unit in duration \"1\"",
            "-hcl", "dns_config { recursor_timeout = \"1\" }");
        assertFails("dns_config.recursor_strategy: invalid strategy: \"round\"",
            "-hcl", "dns_config { recursor_strategy = \"round\" }");
    }

    @Test
    void negativeLimits() {
        assertFails("autopilot.max_trailing_logs cannot be -1. Must be greater than or equal to zero",
            "-hcl", "autopilot { max_trailing_logs = -1 }");
        assertFails("dns_config.udp_answer_limit cannot be -1. Must be greater than or equal to zero",
            "-hcl", "dns_config { udp_answer_limit = -1 }");
        assertFails("dns_config.a_record_limit cannot be -2. Must be greater than or equal to zero",
            "-hcl", "dns_config { a_record_limit = -2 }");
        assertFails("performance.raft_multiplier cannot be 0. Must be between 1 and 10",
            "-hcl", "performance { raft_multiplier = 0 }");
        assertFails("performance.raft_multiplier cannot be 11. Must be between 1 and 10",
            "-hcl", "performance { raft_multiplier = 11 }");
    }

    @Test
    void dnsConfig() throws Exception {
        AgentConfig c = load("-hcl", """
            dns_config {
              allow_stale = false
              max_stale = "10s"
              service_ttl { "*" = "5s", web = "30s" }
              soa { refresh = 10 }
              enable_truncate = true
              recursor_strategy = "random"
            }
            """);
        assertEquals(false, c.dnsConfig().get("allow_stale"));
        assertEquals(Duration.ofSeconds(10), c.dnsConfig().get("max_stale"));
        assertEquals(Map.of("*", Duration.ofSeconds(5), "web", Duration.ofSeconds(30)), c.dnsConfig().get("service_ttl"));
        assertEquals(Map.of("refresh", 10, "retry", 600, "expire", 86400, "min_ttl", 0), c.dnsConfig().get("soa"));
        assertEquals("random", c.dnsConfig().get("recursor_strategy"));
        assertEquals(true, c.dnsConfig().get("enable_truncate"));
    }

    @Test
    void logLevel() throws Exception {
        assertFails("Invalid log level: verbose. Valid log levels are: [TRACE DEBUG INFO WARN ERR ERROR]",
            "-log-level=verbose");
        assertEquals("trace", load("-log-level=trace").logLevel());
        assertEquals("err", load("-log-level=err").logLevel());
    }

    @Test
    void nodeNames() throws Exception {
        assertEquals("node1", load("-node=").nodeName(), "an empty name means the host name");
        assertEquals("spaced", load("-node=  spaced ").nodeName());
        load("-node=my_node");
        assertEquals(List.of("Node name \"my_node\" will not be discoverable via DNS due to invalid characters. "
            + "Valid characters include all alpha-numerics and dashes."), warnings);
        load("-node=" + "n".repeat(64));
        assertEquals(List.of("Node name \"" + "n".repeat(64) + "\" will not be discoverable via DNS due to it being "
            + "too long. Valid lengths are between 1 and 63 bytes."), warnings);
    }

    @Test
    void nodeIdFormat() throws Exception {
        assertFails("uuid string is wrong length", "-node-id=abc");
        assertFails("uuid is improperly formatted", "-node-id=0b3f8b5a_1c2d_4e5f_8a9b_0c1d2e3f4a5b");
        assertFails("encoding/hex: invalid byte: U+0067 'g'", "-node-id=gb3f8b5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    }

    @Test
    void altDomainAndRecursors() throws Exception {
        assertFails("alt_domain cannot start with {service,connect,node,query,addr,dc1}", "-alt-domain=service.x.");
        assertFails("alt_domain cannot start with {service,connect,node,query,addr,dc1}", "-alt-domain=dc1.x.");
        assertFails("DNS recursor address cannot be 0.0.0.0, :: or [::]", "-recursor=0.0.0.0");
        assertFails("DNS Recursors cannot be unix sockets: unix:///x", "-recursor=unix:///x");
        assertEquals(List.of("8.8.8.8", "1.1.1.1"), load("-recursor=8.8.8.8 1.1.1.1", "-recursor=1.1.1.1").recursors());
    }

    @Test
    void bindAddresses() throws Exception {
        assertFails("bind_addr cannot contain multiple addresses. Use 'addresses.{dns,http,https}' instead.",
            "-bind=10.0.0.5 10.0.0.6");
        assertFails("bind_addr cannot be a unix socket", "-bind=unix:///tmp/s");
        // Consul drops an unparsable address and then finds the list empty
        assertFails("bind_addr cannot be empty", "-bind=not-an-ip");
        assertFails("bind_addr cannot be empty", "-bind=010.0.0.5");
        AgentConfig c = load("-bind=10.0.0.5");
        assertEquals("10.0.0.5", c.advertiseAddr(), "the bind address is advertised");
        c = load("-bind=0:0:0:0:0:0:0:1");
        assertEquals("::1", c.bindAddr(), "Go's IPv6 text form");
    }

    @Test
    void clientAndListenerAddresses() throws Exception {
        AgentConfig c = load("-client=", "-hcl", "addresses { http = \"unix:///run/consul.sock 127.0.0.2\" }");
        assertEquals(List.of(), c.clientAddr());
        assertTrue(warnings.contains("client_addr is empty, client services (DNS, HTTP, HTTPS, GRPC) will not be "
            + "listening for connections"));
        assertEquals(List.of("unix:///run/consul.sock", "127.0.0.2"), c.httpAddresses());
        assertFails("client_addr cannot be a unix socket", "-client=unix:///x");
        assertFails("client_addr: invalid ip address: nope", "-client=nope");
        assertFails("DNS address cannot be a unix socket", "-hcl", "addresses { dns = \"unix:///x\" }");
    }

    @Test
    void seedServerAndClientCommands() throws Exception {
        // S2: consul agent -server --bootstrap-expect=1 -node=root -bind IP -data-dir D -log-file F
        Path root = Files.createDirectories(tmp.resolve("consul/root"));
        AgentConfig server = loadArgs("-server", "--bootstrap-expect=1", "-node=root", "-bind", "10.0.0.5",
            "-data-dir=" + root, "-log-file=" + root);
        assertTrue(server.server());
        assertTrue(server.bootstrap());
        assertEquals("root", server.nodeName());
        assertEquals("10.0.0.5", server.advertiseAddr());
        assertEquals(root.resolve("consul.log"), server.logFileTarget().activeFile());

        AgentConfig client = loadArgs("-node=t22", "-bind", "10.0.0.6", "-retry-join", "10.0.0.5",
            "-data-dir=" + tmp.resolve("consul/t22"), "-log-file=" + tmp.resolve("consul/t22"));
        assertFalse(client.server());
        assertEquals(List.of("10.0.0.5"), client.retryJoin());
        assertEquals("10.0.0.6", client.advertiseAddr());
        assertEquals(tmp.resolve("consul/t22/consul.log"), client.logFileTarget().activeFile(),
            "the data dir does not exist yet, but the log still goes into it");
    }
}
