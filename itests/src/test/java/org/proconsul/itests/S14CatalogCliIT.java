package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog and maintenance from the {@code consul} CLI against a dev agent (127.0.0.149):
 * {@code catalog datacenters|nodes|services}, {@code maint} on the node and a service (the maintenance check
 * keeps the instance out of passing answers), and the agent endpoints' {@code filter}.
 */
class S14CatalogCliIT {
    private static final String IP = "127.0.0.149";
    private static final String ADDR = IP + ":8500";

    @TempDir
    static Path tmp;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
        assertEquals(200, Http.put("http://" + ADDR + "/v1/agent/service/register",
                "{\"Name\":\"web\",\"ID\":\"web-1\",\"Port\":80,\"Tags\":[\"v2\",\"v1\"],"
                        + "\"Check\":{\"TTL\":\"10m\",\"Status\":\"passing\"}}").statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Http.json(Http.get("http://" + ADDR + "/v1/health/service/web?passing")).size() != 1
                || !Http.json(Http.get("http://" + ADDR + "/v1/catalog/services")).has("consul")) {
            assertTrue(System.nanoTime() < deadline, "web never passed, or the leader never registered consul");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void S14_catalogCommandsListWhatTheCatalogHolds() throws Exception {
        ConsulCliRun dcs = ConsulCliRun.run(ADDR, "catalog", "datacenters");
        assertEquals(0, dcs.exit(), dcs.err());
        assertEquals("dc1", dcs.out().strip());
        ConsulCliRun nodes = ConsulCliRun.run(ADDR, "catalog", "nodes");
        assertEquals(0, nodes.exit(), nodes.err());
        String id = Http.json(Http.get("http://" + ADDR + "/v1/agent/self")).get("Config").get("NodeID").asText();
        assertTrue(nodes.out().matches("Node\\s+ID\\s+Address\\s+DC\\ndev-127\\.0\\.0\\.149\\s+" + id.substring(0, 8)
                + "\\s+127\\.0\\.0\\.149\\s+dc1\\n"), nodes.out());
        ConsulCliRun services = ConsulCliRun.run(ADDR, "catalog", "services");
        assertEquals("consul\nweb\n", services.out());
        ConsulCliRun tags = ConsulCliRun.run(ADDR, "catalog", "services", "-tags");
        assertTrue(tags.out().matches("consul\\s*\\nweb\\s+v1,v2\\n"), tags.out());
        ConsulCliRun webNodes = ConsulCliRun.run(ADDR, "catalog", "nodes", "-service=web");
        assertTrue(webNodes.out().contains("dev-127.0.0.149"), webNodes.out());
        ConsulCliRun none = ConsulCliRun.run(ADDR, "catalog", "nodes", "-service=nothing");
        assertEquals("No nodes match the given query - try expanding your search.", none.err().strip());
        ConsulCliRun parent = ConsulCliRun.run(ADDR, "catalog");
        assertEquals(1, parent.exit());
    }

    @Test
    void S14_maintenanceTakesTheNodeOrAServiceOutOfHealthyAnswers() throws Exception {
        ConsulCliRun on = ConsulCliRun.run(ADDR, "maint", "-enable", "-service=web-1", "-reason=deploying v3");
        assertEquals(0, on.exit(), on.err());
        assertEquals("Service maintenance is now enabled for \"web-1\"", on.out().strip());
        JsonNode check = Http.json(Http.get("http://" + ADDR + "/v1/agent/checks")).get("_service_maintenance:web-1");
        assertEquals("critical", check.get("Status").asText());
        assertEquals("deploying v3", check.get("Notes").asText());
        assertEquals("maintenance", check.get("Type").asText());
        awaitPassing(0);
        ConsulCliRun listed = ConsulCliRun.run(ADDR, "maint");
        assertEquals("Service:\n  ID:     web-1\n  Reason: deploying v3\n", listed.out().stripTrailing() + "\n");
        assertEquals(500, Http.put("http://" + ADDR + "/v1/agent/check/pass/_service_maintenance:web-1", "")
                .statusCode(), "the agent's own check takes no status from outside");
        assertEquals(0, ConsulCliRun.run(ADDR, "maint", "-disable", "-service=web-1").exit());
        awaitPassing(1);

        ConsulCliRun node = ConsulCliRun.run(ADDR, "maint", "-enable");
        assertEquals("Node maintenance is now enabled", node.out().strip());
        assertTrue(Http.json(Http.get("http://" + ADDR + "/v1/agent/checks")).get("_node_maintenance").get("Notes")
                .asText().startsWith("Maintenance mode is enabled for this node"));
        awaitPassing(0);
        assertEquals("Node maintenance is now disabled", ConsulCliRun.run(ADDR, "maint", "-disable").out().strip());
        awaitPassing(1);

        assertEquals(400, Http.put("http://" + ADDR + "/v1/agent/maintenance", "").statusCode());
        assertEquals("Missing value for enable", Http.put("http://" + ADDR + "/v1/agent/maintenance", "").body().strip());
        assertEquals("Invalid value for enable: \"maybe\"",
                Http.put("http://" + ADDR + "/v1/agent/maintenance?enable=maybe", "").body().strip());
        assertEquals("No service registered with ID \"ghost\"",
                Http.put("http://" + ADDR + "/v1/agent/service/maintenance/ghost?enable=true", "").body().strip());
        assertEquals("Only one of -enable or -disable may be provided",
                ConsulCliRun.run(ADDR, "maint", "-enable", "-disable").err().strip());
    }

    @Test
    void S14_agentEndpointsFilter() throws Exception {
        String filter = java.net.URLEncoder.encode("Tags contains v1", java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, Http.json(Http.get("http://" + ADDR + "/v1/agent/services?filter=" + filter)).size());
        String none = java.net.URLEncoder.encode("Port == 81", java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{}", Http.get("http://" + ADDR + "/v1/agent/services?filter=" + none).body().replaceAll("\\s", ""));
        String ttl = java.net.URLEncoder.encode("Type == ttl", java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(Http.json(Http.get("http://" + ADDR + "/v1/agent/checks?filter=" + ttl)).has("service:web-1"));
    }

    @Test
    void S14_servicesRegisterAndDeregisterFromFlagsAndFiles() throws Exception {
        ConsulCliRun flags = ConsulCliRun.run(ADDR, "services", "register", "-name=billing", "-port=9000", "-tag=a",
                "-tag=b", "-meta=team=pay");
        assertEquals(0, flags.exit(), flags.err());
        assertEquals("Registered service: billing", flags.out().strip());
        JsonNode billing = Http.json(Http.get("http://" + ADDR + "/v1/agent/service/billing"));
        assertEquals("[\"a\",\"b\"]", billing.get("Tags").toString());
        assertEquals("pay", billing.get("Meta").get("team").asText());
        assertEquals(9000, billing.get("Port").asInt());

        java.nio.file.Path file = tmp.resolve("mail.hcl");
        java.nio.file.Files.writeString(file, """
                service {
                  name = "mail"
                  id   = "mail-1"
                  port = 25
                  enable_tag_override = true
                  check {
                    ttl = "30s"
                    deregister_critical_service_after = "90m"
                  }
                }
                """);
        ConsulCliRun fromFile = ConsulCliRun.run(ADDR, "services", "register", file.toString());
        assertEquals(0, fromFile.exit(), fromFile.err());
        assertEquals("Registered service: mail", fromFile.out().strip());
        assertTrue(Http.json(Http.get("http://" + ADDR + "/v1/agent/service/mail-1")).get("EnableTagOverride").asBoolean());
        assertEquals("ttl", Http.json(Http.get("http://" + ADDR + "/v1/agent/checks")).get("service:mail-1").get("Type")
                .asText());

        assertEquals("Deregistered service: mail-1", ConsulCliRun.run(ADDR, "services", "deregister", file.toString())
                .out().strip());
        assertEquals("Deregistered service: billing", ConsulCliRun.run(ADDR, "services", "deregister", "-id=billing")
                .out().strip());
        assertEquals(404, Http.get("http://" + ADDR + "/v1/agent/service/billing").statusCode());
        ConsulCliRun noName = ConsulCliRun.run(ADDR, "services", "register", "-port=1");
        assertEquals(1, noName.exit());
        assertEquals("Service name must be specified via the -name flag", noName.err().strip());
        ConsulCliRun unknown = ConsulCliRun.run(ADDR, "services", "deregister", "-id=ghost");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("Unknown service ID \"ghost\""), unknown.err());
    }

    private static void awaitPassing(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Http.json(Http.get("http://" + ADDR + "/v1/health/service/web?passing")).size() != n) {
            assertTrue(System.nanoTime() < deadline, "web?passing never had " + n + " instances");
            Thread.sleep(100);
        }
    }
}
