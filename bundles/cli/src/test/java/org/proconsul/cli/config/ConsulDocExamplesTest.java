package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Configuration examples from Consul's documentation, in both formats, through the whole loader. */
class ConsulDocExamplesTest extends LoaderTestSupport {

    private static final String EXAMPLE_HCL = """
        datacenter = "east-aws"
        data_dir = "/opt/consul"
        log_level = "INFO"
        node_name = "foobar"
        server = true
        watches = [
          {
            type = "checks"
            handler = "/usr/bin/health-check-handler.sh"
          }
        ]

        telemetry {
          statsite_address = "127.0.0.1:2180"
        }
        """;

    private static final String EXAMPLE_JSON = """
        {
          "datacenter": "east-aws",
          "data_dir": "/opt/consul",
          "log_level": "INFO",
          "node_name": "foobar",
          "server": true,
          "watches": [
            {
              "type": "checks",
              "handler": "/usr/bin/health-check-handler.sh"
            }
          ],
          "telemetry": {
            "statsite_address": "127.0.0.1:2180"
          }
        }
        """;

    @Test
    void exampleConfigurationFileInBothFormats() throws Exception {
        for (String f : List.of(file("example.hcl", EXAMPLE_HCL), file("example.json", EXAMPLE_JSON))) {
            // the data_dir of the example is overridden by the flag the helper adds after the file
            AgentConfig c = load(f, "-data-dir=" + tmp.resolve("data"));
            assertEquals("east-aws", c.datacenter());
            assertEquals("foobar", c.nodeName());
            assertTrue(c.server());
            assertTrue(warnings.contains("config key \"watches\" is accepted for compatibility with Consul but has "
                + "no effect in Proconsul"));
        }
    }

    @Test
    void tlsExample() throws Exception {
        AgentConfig c = load(file("tls.hcl", """
            datacenter = "east-aws"
            log_level = "INFO"
            node_name = "foobar"
            server = true

            addresses = {
              https = "0.0.0.0"
            }
            ports {
              https = 8501
            }

            tls {
              defaults {
                key_file = "/etc/pki/tls/private/my.key"
                cert_file = "/etc/pki/tls/certs/my.crt"
                ca_file = "/etc/pki/tls/certs/ca-bundle.crt"
                verify_incoming = true
                verify_outgoing = true
              }

              internal_rpc {
                verify_server_hostname = true
              }
            }
            """));
        assertEquals(8501, c.ports().https());
        assertEquals(List.of("0.0.0.0"), c.httpsAddresses());
    }

    @Test
    void checkDefinitionExamples() throws Exception {
        AgentConfig c = load(
            file("script.hcl", """
                check = {
                  id = "mem-util"
                  name =  "Memory utilization"
                  args = ["/usr/local/bin/check_mem.py", "-limit", "256MB"]
                  interval = "10s"
                  timeout = "1s"
                }
                """),
            file("http.hcl", """
                check = {
                  id = "api"
                  name = "HTTP API on port 5000"
                  http = "https://localhost:5000/health"
                  tls_server_name =  ""
                  tls_skip_verify = false
                  method = "POST"
                  header = {
                     Content-Type =  ["application/json"]
                  }
                  body = "{\\"method\\":\\"health\\"}"
                  interval =  "10s"
                  timeout =  "1s"
                }
                """),
            file("http.json", """
                {
                  "check": {
                    "id": "api",
                    "name": "HTTP API on port 5000",
                    "http": "https://localhost:5000/health",
                    "tls_server_name": "",
                    "tls_skip_verify": false,
                    "method": "POST",
                    "header": { "Content-Type": ["application/json"] },
                    "body": "{\\"method\\":\\"health\\"}",
                    "interval": "10s",
                    "timeout": "1s"
                  }
                }
                """),
            file("ttl.hcl", """
                check =  {
                  id = "web-app"
                  name = "Web App Status"
                  notes = "Web app does a curl internally every 10 seconds"
                  ttl =  "30s"
                }
                """),
            file("docker.hcl", """
                check = {
                  id = "mem-util"
                  name = "Memory utilization"
                  docker_container_id = "f972c95ebf0e"
                  shell = "/bin/bash"
                  args = ["/usr/local/bin/check_mem.py"]
                  interval = "10s"
                }
                """),
            file("h2ping.hcl", """
                check = {
                  id = "h2ping-check"
                  name = "h2ping"
                  h2ping = "localhost:22222"
                  interval = "10s"
                  h2ping_use_tls = false
                }
                """),
            file("alias.hcl", """
                check = {
                  id = "web-alias"
                  alias_service = "web"
                }
                """),
            file("flapping.hcl", """
                checks = [
                  {
                    name = "HTTP TCP on port 80"
                    tcp = "localhost:80"
                    interval = "10s"
                    timeout =  "1s"
                    success_before_passing =  3
                    failures_before_warning =  1
                    failures_before_critical =  3
                  }
                ]
                """));
        assertEquals(8, c.checks().size());
        Map<String, Object> http = c.checks().get(1);
        assertEquals(Map.of("Content-Type", List.of("application/json")), http.get("header"));
        assertEquals("{\"method\":\"health\"}", http.get("body"));
        assertEquals(http, c.checks().get(2), "the HCL and JSON forms give the same check");
        assertEquals(3L, c.checks().get(7).get("success_before_passing"));
    }

    @Test
    void multipleServicesExample() throws Exception {
        String hcl = """
            services {
              id = "red0"
              name = "redis"
              tags = [
                "primary"
              ]
              address = ""
              port = 6000
              checks = [
                {
                  args = ["/bin/check_redis", "-p", "6000"]
                  interval = "5s"
                  timeout = "20s"
                }
              ]
            }
            services {
              id = "red1"
              name = "redis"
              tags = [
                "delayed",
                "secondary"
              ]
              address = ""
              port = 7000
              checks = [
                {
                  args = ["/bin/check_redis", "-p", "7000"]
                  interval = "30s"
                  timeout = "60s"
                }
              ]
            }
            """;
        String json = """
            {
              "services": [
                {
                  "id": "red0",
                  "name": "redis",
                  "tags": [
                    "primary"
                  ],
                  "address": "",
                  "port": 6000,
                  "checks": [
                    {
                      "args": ["/bin/check_redis", "-p", "6000"],
                      "interval": "5s",
                      "timeout": "20s"
                    }
                  ]
                },
                {
                  "id": "red1",
                  "name": "redis",
                  "tags": [
                    "delayed",
                    "secondary"
                  ],
                  "address": "",
                  "port": 7000,
                  "checks": [
                    {
                      "args": ["/bin/check_redis", "-p", "7000"],
                      "interval": "30s",
                      "timeout": "60s"
                    }
                  ]
                }
              ]
            }
            """;
        AgentConfig fromHcl = load(file("redis.hcl", hcl));
        AgentConfig fromJson = load(file("redis.json", json));
        assertEquals(fromJson.services(), fromHcl.services());
        assertEquals(2, fromHcl.services().size());
        Map<String, Object> red1 = fromHcl.services().get(1);
        assertEquals(List.of("delayed", "secondary"), red1.get("tags"));
        assertEquals(7000L, red1.get("port"));
        assertEquals(List.of(Map.of("args", List.of("/bin/check_redis", "-p", "7000"), "interval", "30s",
            "timeout", "60s")), red1.get("checks"));
    }

    @Test
    void serviceWithTaggedAddressesAndTagOverride() throws Exception {
        AgentConfig c = load(file("svc.hcl", """
            service {
              name = "redis"
              id   = "redis"
              port = 80
              tags = ["primary"]

              meta = {
                custom_meta_key = "custom_meta_value"
              }

              tagged_addresses = {
                lan = {
                  address = "192.168.0.55"
                  port    = 8000
                }

                wan = {
                  address = "198.18.0.23"
                  port    = 80
                }
              }
            }
            """), file("override.hcl", """
            service {
              name = "redis"
              port = 6379
              enable_tag_override = true
            }
            """));
        assertEquals(2, c.services().size());
        assertEquals(Map.of("custom_meta_key", "custom_meta_value"), c.services().get(0).get("meta"));
        assertEquals(true, c.services().get(1).get("enable_tag_override"));
    }

    @Test
    void auditExampleIsAnEnterpriseSetting() throws Exception {
        load(file("audit.hcl", """
            audit {
              enabled = true
              sink "My sink" {
                type   = "file"
                format = "json"
                path   = "data/audit/audit.json"
                delivery_guarantee = "best-effort"
                rotate_duration = "24h"
                rotate_max_files = 15
                rotate_bytes = 25165824
              }
            }
            """));
        assertTrue(warnings.contains("\"audit\" is a Consul Enterprise configuration and will have no effect"));
    }

    @Test
    void serverWithAutopilotAndRetryJoin() throws Exception {
        AgentConfig c = load(file("server.hcl", """
            server           = true
            bootstrap_expect = 3
            ui_config {
              enabled = true
            }
            client_addr = "0.0.0.0"
            retry_join  = ["10.0.0.6", "10.0.0.7"]
            encrypt     = "pUqu92sYcSbMPFzwHkXDAA=="
            autopilot {
              cleanup_dead_servers      = true
              last_contact_threshold    = "200ms"
              max_trailing_logs         = 250
              server_stabilization_time = "10s"
            }
            performance {
              raft_multiplier = 1
            }
            limits {
              http_max_conns_per_client = 4000
            }
            """));
        assertTrue(c.autopilot().configured());
        assertEquals(4000, c.limits().httpMaxConnsPerClient());
        assertEquals(List.of("0.0.0.0"), c.clientAddr());
        assertEquals(List.of("10.0.0.6", "10.0.0.7"), c.retryJoin());
    }
}
