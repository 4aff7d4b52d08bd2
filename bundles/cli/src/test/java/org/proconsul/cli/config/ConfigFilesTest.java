package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Config files and directories, formats, precedence and merging (S4). */
class ConfigFilesTest extends LoaderTestSupport {

    @Test
    void S4_jsonAndHclFilesUseConsulKeyNames() throws Exception {
        AgentConfig c = load(
            file("a.json", """
                {"datacenter": "east", "server": true, "bootstrap_expect": 3, "ports": {"http": 18500},
                 "retry_join": ["10.0.0.6"], "log_level": "DEBUG", "node_meta": {"rack": "r1"},
                 "autopilot": {"max_trailing_logs": 500, "last_contact_threshold": "1s"},
                 "limits": {"kv_max_value_size": 1048576}, "performance": {"raft_multiplier": 2},
                 "dns_config": {"node_ttl": "30s", "only_passing": true}}
                """),
            file("b.hcl", """
                node_name = "hcl-node"
                ports { dns = 18600 }
                reconnect_timeout = "8h"
                session_ttl_min = "30s"
                leave_on_terminate = true
                """));
        assertEquals("east", c.datacenter());
        assertTrue(c.server());
        assertEquals(3, c.bootstrapExpect());
        assertEquals(18500, c.ports().http());
        assertEquals(18600, c.ports().dns());
        assertEquals(List.of("10.0.0.6"), c.retryJoin());
        assertEquals("hcl-node", c.nodeName());
        assertEquals(Map.of("rack", "r1"), c.nodeMeta());
        assertEquals(500, c.autopilot().maxTrailingLogs());
        assertEquals(Duration.ofSeconds(1), c.autopilot().lastContactThreshold());
        assertTrue(c.autopilot().configured());
        assertEquals(1048576, c.limits().kvMaxValueSize());
        assertEquals(2, c.performance().raftMultiplier());
        assertEquals(Duration.ofSeconds(30), c.dnsConfig().get("node_ttl"));
        assertEquals(true, c.dnsConfig().get("only_passing"));
        assertEquals(Duration.ofHours(8), c.reconnectTimeout());
        assertEquals(Duration.ofSeconds(30), c.sessionTtlMin());
        assertTrue(c.leaveOnTerminate(), "explicit leave_on_terminate beats the server default");
        assertEquals(List.of(tmp.resolve("a.json").toString(), tmp.resolve("b.hcl").toString()), c.configSources());
    }

    @Test
    void configDirIsReadInByteOrderWithoutRecursion() throws Exception {
        Path dir = tmp.resolve("conf.d");
        for (String name : List.of("b.json", "a.hcl", "C.json", "10.json", "9.json", "é.json")) {
            String item = name.substring(0, name.indexOf('.'));
            write("conf.d/" + name, name.endsWith(".json") ? "{\"retry_join\": [\"" + item + "\"]}"
                : "retry_join = [\"" + item + "\"]");
        }
        write("conf.d/sub/z.json", "{\"retry_join\": [\"sub\"]}");
        AgentConfig c = load("-config-dir=" + dir);
        assertEquals(List.of("10", "9", "C", "a", "b", "é"), c.retryJoin());
        assertEquals(6, c.configSources().size());
        assertEquals(dir.resolve("10.json").toString(), c.configSources().get(0));
    }

    @Test
    void otherExtensionsInADirAreSkippedWithAWarning() throws Exception {
        write("conf.d/a.json", "{\"node_name\": \"n\"}");
        write("conf.d/README.md", "not config");
        write("conf.d/b.json.bak", "{");
        AgentConfig c = load("-config-dir=" + tmp.resolve("conf.d"));
        assertEquals("n", c.nodeName());
        assertTrue(warnings.contains("skipping file " + tmp.resolve("conf.d/README.md")
            + ", extension must be .hcl or .json, or config format must be set"), warnings.toString());
        assertTrue(warnings.contains("skipping file " + tmp.resolve("conf.d/b.json.bak")
            + ", extension must be .hcl or .json, or config format must be set"));
    }

    @Test
    void configFormatReadsEveryFile() throws Exception {
        write("conf.d/agent.conf", "{\"node_name\": \"fmt\"}");
        assertEquals("fmt", load("-config-format=json", "-config-dir=" + tmp.resolve("conf.d")).nodeName());
        Path hcl = write("agent.cfg", "node_name = \"hcl\"");
        assertEquals("hcl", load("-config-format=hcl", "-config-file=" + hcl).nodeName());
    }

    @Test
    void explicitFileWithAnotherExtensionIsAnError() {
        Path p = write("agent.conf", "{}");
        assertFails("file " + p + " has unknown extension; must be .hcl or .json, or config format must be set",
            "-config-file=" + p);
    }

    @Test
    void badConfigFormat() {
        assertFails("config: -config-format must be either 'hcl' or 'json'", "-config-format=yaml");
    }

    @Test
    void missingFile() {
        Path p = tmp.resolve("nope.json");
        assertFails("config: Open failed on " + p + ". open " + p + ": no such file or directory", "-config-file=" + p);
        assertFails("config: Open failed on " + p + ". open " + p + ": no such file or directory", "-config-dir=" + p);
    }

    @Test
    void emptyFilesAreSkipped() throws Exception {
        AgentConfig c = load(file("empty.json", ""), file("empty.hcl", ""));
        assertEquals("node1", c.nodeName());
    }

    @Test
    void symlinksInADirAreFollowed() throws Exception {
        Path target = write("elsewhere/real.json", "{\"node_name\": \"linked\"}");
        Files.createDirectories(tmp.resolve("conf.d"));
        Files.createSymbolicLink(tmp.resolve("conf.d/link.json"), target);
        assertEquals("linked", load("-config-dir=" + tmp.resolve("conf.d")).nodeName());
    }

    @Test
    void hclFileStartingWithABraceIsJson() throws Exception {
        assertEquals("j", load(file("j.hcl", "  {\"node_name\": \"j\"}")).nodeName());
    }

    // ---------------------------------------------------------------- precedence

    @Test
    void S4_flagsOverrideFilesAndHclFragmentsOverrideFlags() throws Exception {
        String f = file("a.json", "{\"datacenter\": \"file\", \"log_level\": \"ERR\"}");
        assertEquals("file", load(f).datacenter());
        assertEquals("flag", load(f, "-datacenter=flag").datacenter());
        assertEquals("flag", load("-datacenter=flag", f).datacenter(), "flag position does not matter");
        assertEquals("hcl", load(f, "-datacenter=flag", "-hcl", "datacenter = \"hcl\"").datacenter());
        assertEquals("second", load("-hcl=datacenter = \"first\"", "-hcl=datacenter = \"second\"").datacenter());
    }

    @Test
    void laterFilesWin() throws Exception {
        AgentConfig c = load(file("1.json", "{\"node_name\": \"one\", \"domain\": \"one.\"}"),
            file("2.hcl", "node_name = \"two\""));
        assertEquals("two", c.nodeName());
        assertEquals("one.", c.domain(), "a later file leaves keys it does not set alone");
    }

    @Test
    void listFlagsComeFirstThenFilesThenFragments() throws Exception {
        AgentConfig c = load(
            "-hcl", "retry_join = [\"hcl\"]",
            file("1.json", "{\"retry_join\": [\"file1\"], \"recursors\": [\"1.1.1.1\"]}"),
            "-retry-join=flag1",
            file("2.hcl", "retry_join = [\"file2\"]"),
            "-retry-join=flag2",
            "-recursor=9.9.9.9");
        assertEquals(List.of("flag1", "flag2", "file1", "file2", "hcl"), c.retryJoin());
        assertEquals(List.of("9.9.9.9", "1.1.1.1"), c.recursors());
    }

    @Test
    void aLaterNonEmptyMapReplacesTheEarlierOne() throws Exception {
        String a = file("a.json", "{\"node_meta\": {\"a\": \"1\", \"b\": \"2\"}}");
        String b = file("b.json", "{\"node_meta\": {\"c\": \"3\"}}");
        String empty = file("c.json", "{\"node_meta\": {}}");
        assertEquals(Map.of("c", "3"), load(a, b).nodeMeta());
        assertEquals(Map.of("c", "3"), load(a, b, empty).nodeMeta(), "an empty map changes nothing");
        assertEquals(Map.of("x", "y"), load(a, "-node-meta=x:y").nodeMeta(), "the flag map is merged after the files");
    }

    @Test
    void blocksMergeKeyByKey() throws Exception {
        AgentConfig c = load(file("a.json", "{\"ports\": {\"http\": 1001}, \"autopilot\": {\"min_quorum\": 3}}"),
            file("b.hcl", "ports { dns = 1002 }\nautopilot { cleanup_dead_servers = false }"),
            "-grpc-port=1003");
        assertEquals(1001, c.ports().http());
        assertEquals(1002, c.ports().dns());
        assertEquals(1003, c.ports().grpc());
        assertEquals(8300, c.ports().server());
        assertEquals(3, c.autopilot().minQuorum());
        assertFalse(c.autopilot().cleanupDeadServers());
        assertEquals(250, c.autopilot().maxTrailingLogs(), "defaults survive");
    }

    @Test
    void devDefaultsAreOverriddenByFiles() throws Exception {
        AgentConfig c = loadArgs("-dev", file("a.hcl", "log_level = \"WARN\"\nperformance { raft_multiplier = 3 }"));
        assertEquals("WARN", c.logLevel());
        assertEquals(3, c.performance().raftMultiplier());
        assertEquals(8502, c.ports().grpc());
    }

    @Test
    void startJoinInFilesIsFoldedIntoRetryJoin() throws Exception {
        AgentConfig c = load(file("a.json", "{\"start_join\": [\"s\"], \"retry_join\": [\"r\"]}"));
        assertEquals(List.of("r", "s"), c.retryJoin());
        assertEquals(List.of("s"), c.startJoin());
        assertTrue(warnings.contains("The 'start_join' field is deprecated. Use the 'retry_join' field instead."));
    }

    // ---------------------------------------------------------------- keys, types, syntax

    @Test
    void unknownKeyIsFatal() {
        Path p = write("a.json", "{\"datacenter\": \"x\", \"foo\": 1}");
        ConfigException e = fails("-config-file=" + p);
        assertEquals("failed to parse " + p + ": invalid config key foo", e.getMessage());
        assertEquals("failed to parse " + p + ": 1 error occurred:\n\t* invalid config key foo\n\n", e.consulText());
    }

    @Test
    void unknownNestedKeysNameTheirPath() {
        Path p = write("a.hcl", "ports { foo = 1 }");
        assertFails("failed to parse " + p + ": invalid config key ports.foo", "-config-file=" + p);
        p = write("b.json", "{\"services\": [{\"name\": \"a\"}, {\"name\": \"b\", \"bogus\": 1}]}");
        assertFails("failed to parse " + p + ": invalid config key services[1].bogus", "-config-file=" + p);
        p = write("c.json", "{\"service\": {\"name\": \"a\", \"checks\": [{\"nope\": 1}]}}");
        assertFails("failed to parse " + p + ": invalid config key service.checks[0].nope", "-config-file=" + p);
        p = write("d.json", "{\"a\": 1, \"b\": 2}");
        ConfigException e = fails("-config-file=" + p);
        assertEquals("failed to parse " + p + ": invalid config key a; invalid config key b", e.getMessage());
        assertEquals("failed to parse " + p + ": 2 errors occurred:\n\t* invalid config key a\n\t* invalid config key b\n\n",
            e.consulText());
    }

    @Test
    void unknownKeyInAnHclFragment() {
        assertFails("failed to parse flags-0.hcl: invalid config key bogus", "-hcl", "bogus = 1");
        assertFails("failed to parse flags-1.hcl: invalid config key x", "-hcl", "", "-hcl", "x = 1");
    }

    @Test
    void keysMatchIgnoringCaseAndConsulAliases() throws Exception {
        AgentConfig c = load(file("a.json", """
            {"Datacenter": "dc9", "Ports": {"HTTP": 1234},
             "service": {"Name": "web", "ID": "web1", "Port": 80, "Tags": ["t"],
               "Check": {"ScriptArgs": ["/bin/true"], "Interval": "10s", "DeregisterCriticalServiceAfter": "1m"}},
             "checks": [{"ServiceID": "web1", "TTL": "30s", "TLSSkipVerify": true}]}
            """));
        assertEquals("dc9", c.datacenter());
        assertEquals(1234, c.ports().http());
        Map<String, Object> svc = c.services().get(0);
        assertEquals("web", svc.get("name"));
        assertEquals("web1", svc.get("id"));
        assertEquals(80L, svc.get("port"));
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) svc.get("check");
        assertEquals(List.of("/bin/true"), check.get("args"));
        assertEquals("1m", check.get("deregister_critical_service_after"));
        assertEquals(Map.of("service_id", "web1", "ttl", "30s", "tls_skip_verify", true), c.checks().get(0));
    }

    @Test
    void camelCaseNamesConsulDoesNotAcceptAreInvalid() {
        Path p = write("a.json", "{\"service\": {\"Name\": \"web\", \"EnableTagOverride\": true}}");
        assertFails("failed to parse " + p + ": invalid config key service.EnableTagOverride", "-config-file=" + p);
    }

    @Test
    void wrongTypesNameTheKey() {
        Path p = write("a.json", "{\"datacenter\": 5}");
        ConfigException e = fails("-config-file=" + p);
        assertEquals("failed to parse " + p + ": 'datacenter' expected type 'string', got unconvertible type "
            + "'float64', value: '5'", e.getMessage());
        assertEquals("failed to parse " + p + ": 1 error(s) decoding:\n\n* 'datacenter' expected type 'string', "
            + "got unconvertible type 'float64', value: '5'", e.consulText());

        p = write("b.hcl", "server = \"true\"");
        assertFails("failed to parse " + p + ": 'server' expected type 'bool', got unconvertible type 'string', "
            + "value: 'true'", "-config-file=" + p);
        p = write("c.hcl", "retry_join = \"10.0.0.1\"");
        assertFails("failed to parse " + p + ": 'retry_join': source data must be an array or slice, got string",
            "-config-file=" + p);
        p = write("d.json", "{\"ports\": 5}");
        assertFails("failed to parse " + p + ": 'ports' expected a map, got 'float64'", "-config-file=" + p);
        p = write("e.json", "{\"autopilot\": {\"min_quorum\": -1}}");
        assertFails("failed to parse " + p + ": cannot parse 'autopilot.min_quorum', -1.000000 overflows uint",
            "-config-file=" + p);
        p = write("f.hcl", "node_meta { a = 1 }");
        assertFails("failed to parse " + p + ": 'node_meta[a]' expected type 'string', got unconvertible type 'int', "
            + "value: '1'", "-config-file=" + p);
        p = write("g.json", "{\"retry_interval\": 30}");
        assertFails("failed to parse " + p + ": 'retry_interval' expected type 'string', got unconvertible type "
            + "'float64', value: '30'", "-config-file=" + p);
        p = write("h.hcl", "ports { http = 1 }\nports { dns = 2 }");
        assertFails("failed to parse " + p + ": 'ports' expected a map, got 'slice'", "-config-file=" + p);
    }

    @Test
    void numbersAreTruncatedIntoIntegerFieldsAsGoDoes() throws Exception {
        assertEquals(8501, load(file("a.json", "{\"ports\": {\"http\": 8501.9}}")).ports().http());
    }

    @Test
    void singleElementListsStandForTheirElement() throws Exception {
        // HCL-to-JSON converted files (as in Consul's own service docs) wrap every object in a list
        AgentConfig c = load(file("svc.json", """
            {
              "service": [
                {
                  "id": "redis",
                  "meta": [
                    {
                      "custom_meta_key": "custom_meta_value"
                    }
                  ],
                  "name": "redis",
                  "port": 80,
                  "tagged_addresses": [
                    {
                      "lan": [
                        {
                          "address": "192.168.0.55",
                          "port": 8000
                        }
                      ],
                      "wan": [
                        {
                          "address": "198.18.0.23",
                          "port": 80
                        }
                      ]
                    }
                  ],
                  "tags": [
                    "primary"
                  ]
                }
              ],
              "datacenter": ["dc7"]
            }
            """));
        assertEquals("dc7", c.datacenter());
        Map<String, Object> svc = c.services().get(0);
        assertEquals(Map.of("custom_meta_key", "custom_meta_value"), svc.get("meta"));
        assertEquals(Map.of("lan", Map.of("address", "192.168.0.55", "port", 8000L),
            "wan", Map.of("address", "198.18.0.23", "port", 80L)), svc.get("tagged_addresses"));
    }

    @Test
    void nullLeavesAKeyUnset() throws Exception {
        assertEquals("dc1", load(file("a.json", "{\"datacenter\": null}")).datacenter());
    }

    @Test
    void syntaxErrorsNameTheFile() {
        Path p = write("a.json", "{\"datacenter\": \"x\",}");
        assertFails("failed to parse " + p + ": invalid character '}' looking for beginning of object key string",
            "-config-file=" + p);
        p = write("b.hcl", "datacenter = \"x\"\nports {\n  http = \n}");
        assertFails("failed to parse " + p + ": At 4:1: Unknown token: RBRACE }", "-config-file=" + p);
        p = write("c.json", "[1]");
        assertFails("failed to parse " + p + ": json: cannot unmarshal array into Go value of type map[string]interface {}",
            "-config-file=" + p);
    }

    @Test
    void aReadErrorStopsBeforeAnyFileIsParsed() {
        // Consul reads every file before parsing any: the missing second file wins over the bad first one
        Path bad = write("bad.json", "{");
        Path missing = tmp.resolve("missing.hcl");
        assertFails("config: Open failed on " + missing + ". open " + missing + ": no such file or directory",
            "-config-file=" + bad, "-config-file=" + missing);
    }

    @Test
    void validConsulKeysWithoutEffectAreAcceptedWithAWarning() throws Exception {
        load(file("a.hcl", """
            telemetry { statsite_address = "127.0.0.1:2180" }
            acl { enabled = true }
            enable_script_checks = true
            ports { grpc_tls = 8503 }
            """));
        assertTrue(warnings.contains("config key \"telemetry\" is accepted for compatibility with Consul but has no "
            + "effect in Proconsul"), warnings.toString());
        assertTrue(warnings.contains("config key \"ports.grpc_tls\" is accepted for compatibility with Consul but has "
            + "no effect in Proconsul"));
    }

    @Test
    void deprecatedAndEnterpriseKeysWarnAsConsulDoes() throws Exception {
        load(file("a.json", "{\"acl_enforce_version_8\": true, \"ui\": true, \"autopilot\": {\"redundancy_zone_tag\": "
            + "\"zone\", \"disable_upgrade_migration\": true}, \"non_voting_server\": true}"));
        assertTrue(warnings.contains("config key \"acl_enforce_version_8\" is deprecated and should be removed"));
        assertTrue(warnings.contains("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead."));
        assertTrue(warnings.contains("\"autopilot.redundancy_zone_tag\" is a Consul Enterprise configuration and "
            + "will have no effect"));
        assertTrue(warnings.contains("\"autopilot.disable_upgrade_migration\" is a Consul Enterprise configuration "
            + "and will have no effect"));
        assertTrue(warnings.contains("\"read_replica (or the deprecated non_voting_server)\" is a Consul Enterprise "
            + "configuration and will have no effect"));
    }

    @Test
    void deprecatedUiKeyStillEnablesTheUi() throws Exception {
        assertTrue(load(file("a.json", "{\"ui\": true}")).uiEnabled());
        assertFalse(load(file("b.json", "{\"ui\": true, \"ui_config\": {\"enabled\": false}}")).uiEnabled());
        assertTrue(load(file("c.hcl", "ui_config { enabled = true }")).uiEnabled());
        assertTrue(load("-ui").uiEnabled());
    }

    @Test
    void autopilotConfiguredOnlyWhenAUserSourceHasTheBlock() throws Exception {
        assertFalse(load().autopilot().configured());
        assertFalse(loadArgs("-dev").autopilot().configured());
        assertTrue(load("-hcl", "autopilot { min_quorum = 3 }").autopilot().configured());
    }

    // ---------------------------------------------------------------- services and checks

    @Test
    void servicesAndChecksAccumulateAcrossFiles() throws Exception {
        AgentConfig c = load(
            file("1.hcl", """
                service { name = "a" }
                services = [{ name = "b" }]
                check { id = "c1" ttl = "10s" }
                """),
            file("2.json", "{\"services\": [{\"name\": \"c\"}], \"service\": {\"name\": \"d\"}, "
                + "\"checks\": [{\"id\": \"c2\", \"ttl\": \"5s\"}]}"),
            "-hcl", "service { name = \"e\" }");
        assertEquals(List.of("b", "a", "c", "d", "e"), c.services().stream().map(s -> s.get("name")).toList());
        assertEquals(List.of("c1", "c2"), c.checks().stream().map(s -> s.get("id")).toList());
    }

    @Test
    void repeatedServiceBlocksInOneFileAreEachRegistered() throws Exception {
        AgentConfig c = load(file("s.hcl", """
            service {
              name = "web"
              port = 80
            }
            service {
              name = "db"
              port = 5432
              check { tcp = "localhost:5432" interval = "10s" }
            }
            check { id = "a" ttl = "1m" }
            check { id = "b" ttl = "1m" }
            """));
        assertEquals(2, c.services().size());
        assertEquals("db", c.services().get(1).get("name"));
        assertEquals(2, c.checks().size());
    }

    @Test
    void serviceAndCheckValuesAreValidated() {
        Path p = write("a.json", "{\"checks\": [{\"id\": \"c1\", \"interval\": \"often\"}]}");
        assertFails("check[c1].interval: invalid duration: \"often\": time: invalid duration \"often\"", "-config-file=" + p);
        p = write("b.json", "{\"service\": {\"name\": \"web\", \"meta\": {\"consul-x\": \"y\"}}}");
        assertFails("invalid meta for service web: Couldn't load metadata pair ('consul-x', 'y'): Key prefix "
            + "'consul-' is reserved for internal use", "-config-file=" + p);
        p = write("c.json", "{\"service\": {\"name\": \"web\", \"weights\": {\"passing\": 0}}}");
        assertFails("Invalid weight definition for service web: Passing must be greater than 0", "-config-file=" + p);
        p = write("d.json", "{\"service\": {\"name\": \"web\", \"port\": 1, \"socket_path\": \"/s\"}}");
        assertFails("service web cannot have both socket path /s and address/port", "-config-file=" + p);
    }

    @Test
    void servicesCannotBeChanged() throws Exception {
        AgentConfig c = load(file("a.json", "{\"service\": {\"name\": \"web\", \"tags\": [\"a\"]}}"));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
            () -> c.services().get(0).put("x", 1));
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) c.services().get(0).get("tags");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> tags.add("b"));
    }
}
