package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Go flag syntax and Consul's flag value types. */
class AgentFlagsTest extends LoaderTestSupport {

    @Test
    void unknownFlagIsReportedAsGoDoes() {
        ConfigException e = fails("-foo");
        assertEquals(ConfigException.Kind.FLAGS, e.kind());
        assertEquals("flag provided but not defined: -foo", e.getMessage());
        assertEquals("error parsing flags: flag provided but not defined: -foo", e.consulText());
        assertEquals("flag provided but not defined: -foo", fails("--foo=1").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-primary-gateway=1.2.3.4:443", "-ui-dir=/x", "-check_output_max_size=1", "-grpc-tls-port=8503", "-read-replica", "-auto-reload-config",
        "-allow-write-http-from=127.0.0.0/8"})
    void consulFlagsProconsulDoesNotImplementAreUndefined(String flag) {
        String name = flag.substring(1).split("=")[0];
        assertEquals("flag provided but not defined: -" + name, fails(flag).getMessage());
    }

    @Test
    void scriptCheckFlagsReachTheConfiguration() throws Exception {
        AgentConfig c = load("-dev", "-enable-script-checks");
        assertEquals(true, c.enableScriptChecks());
        assertEquals(false, c.enableLocalScriptChecks());
        assertEquals(java.time.Duration.ofMinutes(5), c.checkUpdateInterval());
        assertEquals(true, load("-dev", "-enable-local-script-checks").enableLocalScriptChecks());
    }

    @Test
    void intFlagErrorsCarryStrconvText() {
        assertEquals("invalid value \"x\" for flag -http-port: strconv.Atoi: parsing \"x\": invalid syntax",
            fails("-http-port=x").getMessage());
        assertEquals("invalid value \"99999999999999999999\" for flag -bootstrap-expect: strconv.Atoi: parsing "
            + "\"99999999999999999999\": value out of range", fails("-bootstrap-expect", "99999999999999999999").getMessage());
        assertEquals("invalid value \"\" for flag -retry-max: strconv.Atoi: parsing \"\": invalid syntax",
            fails("-retry-max=").getMessage());
        assertEquals("invalid value \"1.5\" for flag -dns-port: strconv.Atoi: parsing \"1.5\": invalid syntax",
            fails("-dns-port=1.5").getMessage());
    }

    @Test
    void boolFlagErrors() {
        assertEquals("invalid boolean value \"yes\" for -server: strconv.ParseBool: parsing \"yes\": invalid syntax",
            fails("-server=yes").getMessage());
    }

    @Test
    void otherGoFlagErrors() {
        assertEquals("flag needs an argument: -node", fails("-node").getMessage());
        assertEquals("bad flag syntax: ---x", fails("---x").getMessage());
        assertEquals("bad flag syntax: -=x", fails("-=x").getMessage());
        ConfigException help = fails("-h");
        assertEquals(ConfigException.Kind.HELP, help.kind());
        assertEquals(ConfigException.Kind.HELP, fails("--help").kind());
    }

    @Test
    void boolFlagsDoNotTakeASeparateValue() {
        ConfigException e = fails("-server", "false");
        assertEquals(ConfigException.Kind.ARGUMENTS, e.kind());
        assertEquals("Unexpected extra arguments: [false]", e.getMessage());
    }

    @Test
    void parsingStopsAtTheFirstNonFlag() {
        assertEquals("Unexpected extra arguments: [foo -server]", fails("-dev", "foo", "-server").getMessage());
        assertEquals("Unexpected extra arguments: [-server]", fails("--", "-server").getMessage());
        assertEquals("Unexpected extra arguments: [-]", fails("-").getMessage());
    }

    @Test
    void valueForms() throws Exception {
        assertEquals("a", load("-node=a").nodeName());
        assertEquals("b", load("-node", "b").nodeName());
        assertEquals("c", load("--node=c").nodeName());
        assertEquals("d", load("--node", "d").nodeName());
        assertEquals("e", load("-node=x", "-node=e").nodeName(), "last value wins");
        assertEquals("-weird", load("-node", "-weird").nodeName(), "a value may start with a dash");
        assertEquals("x=y", load("-node=x=y").nodeName());
    }

    @Test
    void boolForms() throws Exception {
        assertTrue(load("-rejoin").rejoinAfterLeave());
        assertTrue(load("-rejoin=true").rejoinAfterLeave());
        assertTrue(load("-rejoin=1").rejoinAfterLeave());
        assertTrue(load("-rejoin=T").rejoinAfterLeave());
        assertFalse(load("-rejoin=false").rejoinAfterLeave());
        assertFalse(load("-rejoin", "-rejoin=F").rejoinAfterLeave());
        assertTrue(loadArgs("-dev=true").dev());
        assertFalse(load("-dev=false").dev());
    }

    @Test
    void repeatableFlags() throws Exception {
        AgentConfig c = load("-retry-join", "a", "-retry-join=b", "-retry-join-wan", "w", "-recursor", "8.8.8.8",
            "-recursor", "1.1.1.1", "-recursor", "8.8.8.8", "-node-meta", "rack:r1", "-node-meta", "zone",
            "-node-meta", "k:v:w");
        assertEquals(List.of("a", "b"), c.retryJoin());
        assertEquals(List.of("w"), c.retryJoinWan());
        assertEquals(List.of("8.8.8.8", "1.1.1.1"), c.recursors(), "recursors are de-duplicated");
        assertEquals(Map.of("rack", "r1", "zone", "", "k", "v:w"), c.nodeMeta());
    }

    @Test
    void everyDocumentedFlagIsAccepted() throws Exception {
        AgentConfig c = load("-server", "-bootstrap-expect=3", "-node=n1",
            "-node-id=0B3F8B5A-1C2D-4E5F-8A9B-0C1D2E3F4A5B", "-node-meta=a:b", "-datacenter=DC2", "-bind=10.0.0.5",
            "-advertise=10.0.0.5", "-advertise-wan=192.0.2.10", "-client=127.0.0.1 10.0.0.5",
            "-serf-lan-bind=10.0.0.5", "-serf-wan-bind=10.0.0.5", "-serf-lan-port=9301", "-serf-wan-port=9302",
            "-server-port=9300", "-http-port=9500", "-https-port=9501", "-dns-port=9600", "-grpc-port=9502",
            "-retry-join=10.0.0.6", "-retry-join-wan=192.0.2.20", "-retry-interval=5s", "-retry-interval-wan=1m",
            "-retry-max=3", "-retry-max-wan=4", "-rejoin", "-encrypt=pUqu92sYcSbMPFzwHkXDAA==",
            "-disable-keyring-file", "-log-level=warn", "-log-file=" + tmp.resolve("logs") + "/",
            "-log-json", "-log-rotate-bytes=1024", "-log-rotate-duration=1h", "-log-rotate-max-files=3", "-syslog",
            "-domain=example.", "-alt-domain=alt.example.", "-recursor=8.8.8.8", "-ui", "-pid-file=/run/c.pid",
            "-default-query-time=1m", "-max-query-time=2m", "-raft-protocol=3", "-protocol=3",
            "-disable-host-node-id=false");
        assertTrue(c.server());
        assertEquals(3, c.bootstrapExpect());
        assertEquals("0b3f8b5a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", c.nodeId());
        assertEquals("dc2", c.datacenter());
        assertEquals("192.0.2.10", c.advertiseAddrWan());
        assertEquals(List.of("127.0.0.1", "10.0.0.5"), c.clientAddr());
        assertEquals(new AgentConfig.Ports(9500, 9501, 9600, 9502, 9301, 9302, 9300), c.ports());
        assertEquals(java.time.Duration.ofSeconds(5), c.retryInterval());
        assertEquals(java.time.Duration.ofMinutes(1), c.retryIntervalWan());
        assertEquals(3, c.retryMax());
        assertEquals(4, c.retryMaxWan());
        assertTrue(c.rejoinAfterLeave());
        assertEquals("pUqu92sYcSbMPFzwHkXDAA==", c.encrypt());
        assertTrue(c.disableKeyringFile());
        assertEquals("warn", c.logLevel());
        assertTrue(c.logJson());
        assertEquals(1024, c.logRotateBytes());
        assertEquals(java.time.Duration.ofHours(1), c.logRotateDuration());
        assertEquals(3, c.logRotateMaxFiles());
        assertTrue(c.enableSyslog());
        assertEquals("example.", c.domain());
        assertEquals("alt.example.", c.altDomain());
        assertTrue(c.uiEnabled());
        assertEquals("/run/c.pid", c.pidFile());
        assertEquals(java.time.Duration.ofMinutes(1), c.defaultQueryTime());
        assertEquals(java.time.Duration.ofMinutes(2), c.maxQueryTime());
        assertEquals(3, c.protocol());
        assertFalse(c.disableHostNodeId());
    }

    @Test
    void joinFlagsAreDeprecatedAliasesOfRetryJoin() throws Exception {
        AgentConfig c = load("-join=b", "-retry-join=a", "-join-wan=w");
        assertEquals(List.of("a", "b"), c.retryJoin());
        assertEquals(List.of("b"), c.startJoin());
        assertEquals(List.of("w"), c.retryJoinWan());
        assertTrue(warnings.contains("The 'start_join' field is deprecated. Use the 'retry_join' field instead."));
        assertTrue(warnings.contains("The 'start_join_wan' field is deprecated. Use the 'retry_join_wan' field instead."));
    }

    @Test
    void segmentIsEnterpriseOnly() {
        ConfigException e = fails("-segment=alpha");
        assertEquals("Network segments are not supported in this version of Consul", e.getMessage());
    }

    @Test
    void raftProtocolOtherThanThreeIsRejected() {
        assertEquals("raft_protocol version 2 is not supported by this version of Consul",
            fails("-raft-protocol=2").getMessage());
    }

    @Test
    void protocolRange() {
        assertEquals("Protocol version '4' too high. Must be in range: [2, 3]", fails("-protocol=4").getMessage());
        assertEquals("Protocol version '1' too low. Must be in range: [2, 3]", fails("-protocol=1").getMessage());
    }
}
