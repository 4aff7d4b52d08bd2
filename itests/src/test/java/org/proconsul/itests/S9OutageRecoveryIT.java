package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S9 with real servers on 127.0.0.105–107, as the operations notes recover from a lost quorum: two of
 * three servers die, writes and reads answer {@code 500 No cluster leader}, {@code force-leave} and
 * {@code leave} change gossip but not Raft; a malformed {@code raft/peers.json} stops the survivor's start
 * and stays; a correct one (the id read from the data dir's {@code node-id}) brings it back as a cluster
 * of one with all its data and its last index, and is deleted. A dead server restarted later is taken
 * back in by autopilot.
 */
class S9OutageRecoveryIT {
    private static final String[] IPS = {"127.0.0.105", "127.0.0.106", "127.0.0.107"};

    @TempDir
    Path tmp;

    private final List<AgentProcess> started = new ArrayList<>();

    private AgentProcess start(int i) throws Exception {
        Path config = tmp.resolve("hold.hcl");
        // a documented Consul setting: requests wait 1 s (not 7) for a leader before answering 500
        Files.writeString(config, "performance {\n  rpc_hold_timeout = \"1s\"\n}\n");
        List<String> args = List.of("-server", "-node", "s" + (i + 1), "-bind", IPS[i], "-client", IPS[i],
                "-data-dir", dataDir(i).toString(), "-retry-join", IPS[0], "-retry-join", IPS[1], "-retry-join",
                IPS[2], "-retry-interval", "1s", "-bootstrap-expect=3", "-config-file", config.toString());
        AgentProcess agent = AgentProcess.start(tmp, IPS[i] + ":8500", args);
        started.add(agent);
        return agent;
    }

    private Path dataDir(int i) {
        return tmp.resolve("s" + (i + 1));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(started.toArray(AgentProcess[]::new));
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static long lastLogIndex(int i) throws Exception {
        return Http.json(Http.get(url(i, "/v1/agent/self"))).get("Stats").get("raft").get("last_log_index").asLong();
    }

    @Test
    void S9_quorumLossThenPeersJsonRecovery() throws Exception {
        AgentProcess[] servers = {start(0), start(1), start(2)};
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        for (int k = 0; k < 20; k++) {
            assertEquals("true", Http.put(url(leader, "/v1/kv/s9/k" + k), "v" + k).body());
        }
        // every server holds every write before the outage
        for (int i = 0; i < 3; i++) {
            awaitStatus(i, "/v1/kv/s9/k19?stale", 200);
        }

        servers[1].kill9();
        servers[2].kill9();
        awaitStatus(0, "/v1/kv/s9/k0", 500);
        HttpResponse<String> put = Http.put(url(0, "/v1/kv/s9/lost"), "x");
        assertEquals(500, put.statusCode());
        assertEquals("No cluster leader", put.body());
        HttpResponse<String> get = Http.get(url(0, "/v1/kv/s9/k0"));
        assertEquals(500, get.statusCode());
        assertEquals("No cluster leader", get.body());
        ConsulCliRun cliPut = ConsulCliRun.run(IPS[0] + ":8500", "kv", "put", "s9/lost", "x");
        assertEquals(1, cliPut.exit());
        assertEquals("Error! Failed writing data: Unexpected response code: 500 (No cluster leader)\n", cliPut.err());
        long indexBefore = lastLogIndex(0);

        // force-leave marks the dead server left in gossip, but Raft keeps it: there is no leader to change it
        awaitMemberStatus(0, "s2", 4);
        ConsulCliRun forceLeaveEarly = ConsulCliRun.run(IPS[0] + ":8500", "force-leave", "s3");
        assertEquals(0, forceLeaveEarly.exit(), forceLeaveEarly.err());
        ConsulCliRun forceLeave = ConsulCliRun.run(IPS[0] + ":8500", "force-leave", "s2");
        assertEquals(0, forceLeave.exit(), forceLeave.err());
        awaitMemberStatus(0, "s2", 3);
        Thread.sleep(2_000);
        assertEquals(3, Http.json(Http.get(url(0, "/v1/status/peers"))).size(), "Raft still lists all three");
        long noLeaderBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Http.get(url(0, "/v1/status/leader")).body().equals("\"\"")) {
            assertTrue(System.nanoTime() < noLeaderBy, "status/leader never turned empty");
            Thread.sleep(200);
        }
        servers[0].awaitOutput("gossip marks it left, but the Raft configuration keeps it", Duration.ofSeconds(5));

        // leave cannot take the survivor out of Raft either: it waits the drain time, says so, and stops
        ConsulCliRun leave = ConsulCliRun.run(IPS[0] + ":8500", "leave");
        assertEquals(0, leave.exit(), leave.err());
        assertEquals("Graceful leave complete\n", leave.out());
        assertEquals(0, servers[0].awaitExit(Duration.ofSeconds(30)));
        assertTrue(servers[0].output().contains("failed to leave raft configuration gracefully, timeout"),
                servers[0].output());

        // a malformed peers.json stops the start, names the problem, and stays for the operator to fix
        String nodeId = Files.readString(dataDir(0).resolve("node-id"), StandardCharsets.UTF_8).trim();
        Path peersJson = dataDir(0).resolve("raft/peers.json");
        assertTrue(Files.exists(dataDir(0).resolve("raft/peers.info")), "the first start wrote peers.info");
        Files.writeString(peersJson, "[{\"id\": \"" + nodeId + "\", \"address\": \"\"}]");
        AgentProcess refused = start(0);
        assertNotEquals(0, refused.awaitExit(Duration.ofSeconds(90)));
        assertTrue(refused.output().contains("==> Error starting agent: Failed to start Consul server: Failed to start"
                + " Raft: recovery failed to parse peers.json: empty address in configuration: {[{Voter " + nodeId
                + " }]}"), refused.output());
        assertTrue(Files.exists(peersJson), "the wrong file stays");

        // the correct file: the survivor alone forms the cluster, keeps its data and its log, deletes the file
        Files.writeString(peersJson, "[\n  {\"id\": \"" + nodeId + "\", \"address\": \"" + IPS[0]
                + ":8300\", \"non_voter\": false}\n]\n");
        AgentProcess survivor = start(0);
        survivor.awaitLeader(Duration.ofSeconds(60));
        assertTrue(survivor.output().contains("found peers.json file, recovering Raft configuration..."),
                survivor.output());
        assertTrue(survivor.output().contains("deleted peers.json file after successful recovery"), survivor.output());
        assertFalse(Files.exists(peersJson), "applied and deleted");
        assertEquals(List.of(IPS[0] + ":8300"), peers(0));
        assertTrue(lastLogIndex(0) >= indexBefore, "the last index stays: " + lastLogIndex(0) + " < " + indexBefore);
        for (int k = 0; k < 20; k++) {
            JsonNode entry = Http.json(Http.get(url(0, "/v1/kv/s9/k" + k))).get(0);
            assertEquals("v" + k, new String(Base64.getDecoder().decode(entry.get("Value").asText()),
                    StandardCharsets.UTF_8));
        }
        assertEquals(404, Http.get(url(0, "/v1/kv/s9/lost")).statusCode(), "the refused write never happened");
        assertEquals("true", Http.put(url(0, "/v1/kv/s9/after"), "ok").body());

        // a dead server coming back with its old data joins the recovered cluster and votes again
        start(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (peers(0).size() < 2 || !votes(0, "s3")) {
            assertTrue(System.nanoTime() < deadline, "s3 never became a voter again: " + peers(0));
            Thread.sleep(500);
        }
        awaitStatus(2, "/v1/kv/s9/after?stale", 200);
    }

    private static List<String> peers(int i) throws Exception {
        List<String> out = new ArrayList<>();
        Http.json(Http.get(url(i, "/v1/status/peers"))).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static boolean votes(int via, String node) throws Exception {
        HttpResponse<String> r = Http.get(url(via, "/v1/operator/raft/configuration"));
        if (r.statusCode() != 200) {
            return false;
        }
        for (JsonNode s : Http.json(r).get("Servers")) {
            if (s.get("Node").asText().equals(node)) {
                return s.get("Voter").asBoolean();
            }
        }
        return false;
    }

    private static void awaitStatus(int i, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = Http.get(url(i, path)).statusCode();
                if (last == status) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = -1;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " via " + IPS[i] + " never answered " + status + ", last " + last);
    }

    private static void awaitMemberStatus(int via, String node, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode m : Http.json(Http.get(url(via, "/v1/agent/members")))) {
                if (m.get("Name").asText().equals(node) && m.get("Status").asInt() == status) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(node + " never reached gossip status " + status);
    }
}
