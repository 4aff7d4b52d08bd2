package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S4's services and checks from config files (127.0.0.148): an HCL file's service with a TCP check and a
 * local script check (allowed by {@code enable_local_script_checks}, which API callers do not get), a JSON
 * file's node check, and a check of a type no bundle provides yet, which waits critical saying so.
 */
class S4ConfigDefinitionsIT {
    private static final String IP = "127.0.0.148";

    @TempDir
    Path tmp;

    private static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Http.get("http://" + IP + ":8500" + path);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(Http.json(r))) {
                return Http.json(r);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never got there; last: " + last);
    }

    @Test
    void S4_servicesAndChecksFromConfigFilesRun() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(IP))) {
            Path dir = Files.createDirectories(tmp.resolve("conf.d"));
            Files.writeString(dir.resolve("web.hcl"), """
                    enable_local_script_checks = true
                    service {
                      name = "web"
                      id   = "web-1"
                      port = %d
                      tags = ["v1"]
                      check {
                        tcp      = "%s:%d"
                        interval = "1s"
                      }
                      checks = [
                        {
                          id       = "web-script"
                          args     = ["sh", "-c", "echo script-ok"]
                          interval = "1s"
                        }
                      ]
                    }
                    """.formatted(listener.getLocalPort(), IP, listener.getLocalPort()));
            Files.writeString(dir.resolve("node.json"), """
                    {"checks": [
                      {"id": "disk", "name": "disk", "ttl": "10m", "status": "passing"},
                      {"id": "cert", "name": "cert", "type": "tls-expiry", "interval": "1h", "parameters": {"target": "%s:443"}}
                    ]}
                    """.formatted(IP));
            try (AgentProcess agent = DevAgents.start(tmp, IP, "-config-dir", dir.toString())) {
                JsonNode services = await("/v1/agent/services", n -> n.has("web-1"));
                assertEquals(listener.getLocalPort(), services.get("web-1").get("Port").asInt());
                // the node's checks count too: the waiting cert check keeps ?passing empty, so read each status
                await("/v1/health/service/web", n -> n.size() == 1 && n.get(0).get("Checks").size() == 5
                        && n.get(0).get("Checks").toString().contains("\"CheckID\":\"service:web-1:1\",\"Name\":"
                        + "\"Service 'web' check\",\"Status\":\"passing\"")
                        && n.get(0).get("Checks").toString().contains("\"CheckID\":\"web-script\","));
                JsonNode checks = await("/v1/agent/checks", n -> n.path("web-script").path("Output").asText()
                        .equals("script-ok\n"));
                assertEquals("tcp", checks.get("service:web-1:1").get("Type").asText(), "two checks: numbered as Consul numbers them");
                assertEquals("script", checks.get("web-script").get("Type").asText());
                assertEquals("passing", checks.get("disk").get("Status").asText());
                JsonNode cert = checks.get("cert");
                assertEquals("critical", cert.get("Status").asText());
                assertEquals("Check type \"tls-expiry\" is missing: no bundle on this agent provides it"
                        + " (check.type=tls-expiry)", cert.get("Output").asText());
                HttpResponse<String> remote = Http.put("http://" + IP + ":8500/v1/agent/check/register",
                        "{\"Name\":\"x\",\"Args\":[\"true\"],\"Interval\":\"1s\"}");
                assertEquals(500, remote.statusCode(), "local script checks are for config files only");
                assertTrue(remote.body().startsWith("Scripts are disabled on this agent from remote calls"));

                // reload: the files' definitions are replaced, API registrations stay
                assertEquals(200, Http.put("http://" + IP + ":8500/v1/agent/service/register",
                        "{\"Name\":\"api-only\"}").statusCode());
                Files.writeString(dir.resolve("web.hcl"), """
                        enable_local_script_checks = true
                        service {
                          name = "web"
                          id   = "web-1"
                          port = 8081
                        }
                        service {
                          name = "mail"
                          port = 25
                        }
                        """);
                ConsulCliRun reload = ConsulCliRun.run(IP + ":8500", "reload");
                assertEquals(0, reload.exit(), reload.err());
                assertEquals("Configuration reload triggered", reload.out().strip());
                JsonNode after = Http.json(Http.get("http://" + IP + ":8500/v1/agent/services"));
                assertEquals(8081, after.get("web-1").get("Port").asInt(), "reloaded before the answer");
                assertTrue(after.has("mail") && after.has("api-only"), after.toString());
                JsonNode afterChecks = Http.json(Http.get("http://" + IP + ":8500/v1/agent/checks"));
                assertTrue(!afterChecks.has("web-script") && !afterChecks.has("service:web-1:1"), "dropped with the file");

                Files.writeString(dir.resolve("broken.hcl"), "bogus_key = 1\n");
                ConsulCliRun broken = ConsulCliRun.run(IP + ":8500", "reload");
                assertEquals(1, broken.exit());
                assertTrue(broken.err().startsWith("Error reloading: Unexpected response code: 500 ("), broken.err());
                assertTrue(broken.err().contains("bogus_key"), broken.err());
                Files.delete(dir.resolve("broken.hcl"));

                // SIGHUP reloads too
                Files.writeString(dir.resolve("web.hcl"), """
                        service {
                          name = "web"
                          id   = "web-1"
                          port = 8082
                        }
                        """);
                new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor();
                await("/v1/agent/services", n -> n.path("web-1").path("Port").asInt() == 8082 && !n.has("mail"));
            }
        }
    }
}
