package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's view of gossip on three real servers and a client agent (127.0.0.151–154): every agent
 * is a node with a passing serfHealth check, every server an instance of the consul service; a service
 * with a TTL check registered on the client shows, and changes, in health read through the servers; a client
 * killed with kill -9 turns critical (and leaves the passing consul instances alone); force-leave takes it
 * out of the catalog. Read through a client and through followers.
 */
class S14ClusterCatalogIT {
    private static final String[] IPS = {"127.0.0.151", "127.0.0.152", "127.0.0.153", "127.0.0.154"};

    @TempDir
    Path tmp;

    private final AgentProcess[] agents = new AgentProcess[IPS.length];

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(agents);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static JsonNode await(int via, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = Http.get(url(via, path));
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && done.test(Http.json(r))) {
                    return Http.json(r);
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " via " + IPS[via] + " never got there; last: " + last);
    }

    private static String serfStatus(JsonNode checks) {
        for (JsonNode c : checks) {
            if (c.get("CheckID").asText().equals("serfHealth")) {
                return c.get("Status").asText() + "|" + c.get("Output").asText();
            }
        }
        return "none";
    }

    private static String checkStatus(JsonNode checks, String id) {
        for (JsonNode c : checks) {
            if (c.get("CheckID").asText().equals(id)) {
                return c.get("Status").asText();
            }
        }
        return "none";
    }

    @Test
    void S14_gossipMembersAreCatalogNodesWithSerfHealth() throws Exception {
        for (int i = 0; i < 3; i++) {
            agents[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-server", "-bootstrap-expect=3", "-node",
                    "s" + (i + 1), "-bind", IPS[i], "-client", IPS[i], "-data-dir", tmp.resolve("s" + (i + 1)).toString(),
                    "-retry-join", IPS[0], "-retry-join", IPS[1], "-retry-interval", "1s"));
        }
        agents[3] = AgentProcess.start(tmp, IPS[3] + ":8500", List.of("-node", "c1", "-bind", IPS[3], "-client", IPS[3],
                "-data-dir", tmp.resolve("c1").toString(), "-retry-join", IPS[0], "-retry-interval", "1s"));
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        int follower = leader == 0 ? 1 : 0;

        JsonNode nodes = await(3, "/v1/catalog/nodes", n -> n.size() == 4);
        List<String> names = new ArrayList<>();
        nodes.forEach(n -> names.add(n.get("Node").asText() + "@" + n.get("Address").asText()));
        assertEquals(List.of("c1@127.0.0.154", "s1@127.0.0.151", "s2@127.0.0.152", "s3@127.0.0.153"), names);
        JsonNode consul = await(follower, "/v1/health/service/consul?passing", n -> n.size() == 3);
        for (JsonNode e : consul) {
            assertEquals(8300, e.get("Service").get("Port").asInt());
            assertTrue(serfStatus(e.get("Checks")).startsWith("passing|Agent alive and reachable"));
        }
        assertEquals("passing|Agent alive and reachable", serfStatus(await(follower, "/v1/health/node/c1",
                n -> n.size() == 1)));

        // a service registered with the client agent reaches the catalog through a server; its TTL check
        // moves there as it moves on the client
        assertEquals(200, Http.put(url(3, "/v1/agent/service/register"),
                "{\"Name\":\"edge\",\"ID\":\"edge-1\",\"Port\":7070,\"Check\":{\"TTL\":\"30s\"}}").statusCode());
        await(follower, "/v1/health/service/edge", n -> n.size() == 1
                && n.get(0).get("Node").get("Address").asText().equals("127.0.0.154")
                && checkStatus(n.get(0).get("Checks"), "service:edge-1").equals("critical"));
        assertEquals(200, Http.put(url(3, "/v1/agent/check/pass/service:edge-1"), "").statusCode());
        await(follower, "/v1/health/service/edge?passing", n -> n.size() == 1);
        assertEquals(200, Http.put(url(3, "/v1/agent/check/fail/service:edge-1?note=broken"), "").statusCode());
        await(leader, "/v1/health/checks/edge", n -> n.size() == 1 && n.get(0).get("Status").asText().equals("critical")
                && n.get(0).get("Output").asText().equals("broken"));

        agents[3].kill9();
        await(follower, "/v1/health/node/c1", n -> serfStatus(n).equals("critical|Agent not live or unreachable"));
        assertEquals(2, Http.json(Http.get(url(follower, "/v1/health/state/critical"))).size(),
                "serfHealth and the failed service check");
        assertEquals(3, Http.json(Http.get(url(follower, "/v1/health/service/consul?passing"))).size());

        ConsulCliRun forceLeave = ConsulCliRun.run(IPS[follower] + ":8500", "force-leave", "c1");
        assertEquals(0, forceLeave.exit(), forceLeave.err());
        await(leader, "/v1/catalog/nodes", n -> n.size() == 3);
        assertEquals("[]", Http.get(url(follower, "/v1/health/node/c1?consistent")).body().replaceAll("\\s", ""));
    }
}
