package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three servers on 127.0.0.41–43 started as an operator starts them ({@code -server -bootstrap-expect=3
 * -retry-join}, default timings, durable data dirs): they bootstrap once and elect a leader; writes and
 * reads through any server reach the leader; every acknowledged write survives {@code kill -9} of the
 * leader and then of a follower; a restarted server catches up; with two of three gone there is no
 * leader, writes answer {@code 500 No cluster leader} while {@code consul members} still lists everyone
 * from gossip (S8, S9), and the cluster serves again when they return.
 */
class ThreeServerClusterIT {
    private static final String[] IPS = {"127.0.0.41", "127.0.0.42", "127.0.0.43"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[3];
    private static final String CLIENT = "127.0.0.44";

    private AgentProcess start(int i) throws Exception {
        List<String> args = List.of("-server", "-bootstrap-expect=3", "-node", "s" + (i + 1), "-bind", IPS[i],
                "-client", IPS[i], "-data-dir", tmp.resolve("s" + (i + 1)).toString(), "-retry-join", IPS[0],
                "-retry-join", IPS[1], "-retry-interval", "1s");
        servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", args);
        return servers[i];
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static int awaitLeader(List<Integer> live) throws InterruptedException {
        return LeaderAgreement.await(IPS, live, Duration.ofSeconds(90));
    }

    /** Writes until {@code n} writes were acknowledged through {@code via}; refused ones are not counted. */
    private void write(Map<String, String> acknowledged, int via, String prefix, int n) throws Exception {
        int done = 0;
        for (int attempt = 0; done < n && attempt < n * 20; attempt++) {
            String key = prefix + "/" + attempt;
            String value = prefix + "-value-" + attempt;
            try {
                HttpResponse<String> r = Http.put(url(via, "/v1/kv/" + key), value);
                if (r.statusCode() == 200 && r.body().equals("true")) {
                    acknowledged.put(key, value);
                    done++;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        assertEquals(n, done, "acknowledged writes through " + IPS[via]);
    }

    private static void assertAllReadable(Map<String, String> acknowledged, int via, String mode) throws Exception {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            HttpResponse<String> r = Http.get(url(via, "/v1/kv/" + e.getKey() + "?raw" + mode));
            assertEquals(200, r.statusCode(), e.getKey() + " through " + IPS[via] + mode);
            assertEquals(e.getValue(), r.body(), e.getKey() + " through " + IPS[via] + mode);
        }
    }

    /**
     * A client agent (no Raft, no state) joined to the servers answers the KV, txn and status endpoints by
     * forwarding them to a server over RPC, blocking queries included, and through the CLI.
     */
    private void clientAgentForwardsToTheServers(Map<String, String> acknowledged) throws Exception {
        try (AgentProcess client = AgentProcess.start(tmp, CLIENT + ":8500", List.of("-node", "c1", "-bind", CLIENT,
                "-client", CLIENT, "-data-dir", tmp.resolve("c1").toString(), "-retry-join", IPS[0]))) {
            client.awaitLeader(Duration.ofSeconds(90));
            String base = "http://" + CLIENT + ":8500";
            assertEquals("true", Http.put(base + "/v1/kv/from-client", "via-rpc").body());
            acknowledged.put("from-client", "via-rpc");
            for (int i = 0; i < 3; i++) {
                assertAllReadable(Map.of("from-client", "via-rpc"), i, "");
            }
            HttpResponse<String> read = Http.get(base + "/v1/kv/from-client");
            assertEquals(200, read.statusCode());
            long index = Long.parseLong(read.headers().firstValue("X-Consul-Index").orElseThrow());
            assertEquals("true", read.headers().firstValue("X-Consul-KnownLeader").orElseThrow());
            assertEquals(404, Http.get(base + "/v1/kv/never-written").statusCode());
            HttpResponse<String> txn = Http.put(base + "/v1/txn",
                    "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"txn-from-client\",\"Value\":\"eQ==\"}}]");
            assertEquals(200, txn.statusCode(), txn.body());
            acknowledged.put("txn-from-client", "y");

            // a blocking query through the client returns when a write lands on a server
            java.util.concurrent.CompletableFuture<HttpResponse<String>> parked = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return Http.get(base + "/v1/kv/from-client?index=" + index + "&wait=30s");
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            Thread.sleep(1000);
            assertTrue(!parked.isDone(), "the query parks until the key changes");
            assertEquals("true", Http.put(url(1, "/v1/kv/from-client"), "changed").body());
            acknowledged.put("from-client", "changed");
            HttpResponse<String> woke = parked.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, woke.statusCode());
            assertTrue(Long.parseLong(woke.headers().firstValue("X-Consul-Index").orElseThrow()) > index);

            ConsulCliRun peers = ConsulCliRun.run(CLIENT + ":8500", "operator", "raft", "list-peers");
            assertEquals(0, peers.exit(), peers.err());
            assertEquals(4, peers.out().lines().count(), peers.out());
            ConsulCliRun get = ConsulCliRun.run(CLIENT + ":8500", "kv", "get", "from-client");
            assertEquals(0, get.exit(), get.err());
            assertEquals("changed\n", get.out());
            assertEquals(0, client.stop());
        }
    }

    @Test
    void acknowledgedWritesSurviveKill9OfLeaderAndFollower() throws Exception {
        try {
            for (int i = 0; i < 3; i++) {
                start(i);
            }
            final int firstLeader = awaitLeader(List.of(0, 1, 2));
            // a server that found the others bootstrapped already learns the leader from its first heartbeat
            // and the configuration from the entries that follow: give it the moment between the two
            HttpResponse<String> peers = Http.get(url(0, "/v1/status/peers"));
            for (int attempt = 0; attempt < 50 && !peers.body().contains(IPS[2] + ":8300"); attempt++) {
                Thread.sleep(100);
                peers = Http.get(url(0, "/v1/status/peers"));
            }
            for (String ip : IPS) {
                assertTrue(peers.body().contains("\"" + ip + ":8300\""), peers.body());
            }
            ConsulCliRun listPeers = ConsulCliRun.run(IPS[(firstLeader + 1) % 3] + ":8500", "operator", "raft",
                    "list-peers");
            assertEquals(0, listPeers.exit(), listPeers.err());
            List<String> rows = listPeers.out().lines().toList();
            assertTrue(rows.get(0).matches("Node\\s+ID\\s+Address\\s+State\\s+Voter\\s+RaftProtocol"), listPeers.out());
            assertEquals(4, rows.size(), listPeers.out());
            assertEquals(1, rows.stream().filter(r -> r.matches("s" + (firstLeader + 1) + "\\s+\\S+\\s+"
                    + IPS[firstLeader].replace(".", "\\.") + ":8300\\s+leader\\s+true\\s+3")).count(), listPeers.out());
            assertEquals(2, rows.stream().filter(r -> r.matches("s\\d\\s+\\S+\\s+\\S+\\s+follower\\s+true\\s+3")).count(),
                    listPeers.out());
            int follower0 = (firstLeader + 1) % 3;
            ConsulCliRun info = ConsulCliRun.run(IPS[follower0] + ":8500", "info");
            assertEquals(0, info.exit(), info.err());
            assertTrue(info.out().contains("raft:\n") && info.out().contains("\tstate = Follower\n")
                    && info.out().contains("\tnum_peers = 2\n"), info.out());
            assertEquals("stale", Http.get(url(follower0, "/v1/kv/none?stale")).headers()
                    .firstValue("X-Consul-Effective-Consistency").orElseThrow());
            // a follower that last heard from the leader longer ago than max_stale sends the read to the leader
            // (a heartbeat may have landed within the last millisecond: then the read is fresh enough; retry)
            String effective = "";
            for (int attempt = 0; attempt < 5 && !effective.equals("leader"); attempt++) {
                Thread.sleep(20);
                effective = Http.get(url(follower0, "/v1/kv/none?max_stale=1ns")).headers()
                        .firstValue("X-Consul-Effective-Consistency").orElseThrow();
            }
            assertEquals("leader", effective);
            HttpResponse<String> badStale = Http.get(url(follower0, "/v1/kv/none?max_stale=soon"));
            assertEquals(400, badStale.statusCode());
            assertEquals("Invalid max_stale value \"soon\"", badStale.body().strip());

            // an operator moves leadership, asking a follower, and gets it where they said
            int target = (firstLeader + 2) % 3;
            String targetId = rows.stream().filter(r -> r.startsWith("s" + (target + 1) + " ")).findFirst()
                    .orElseThrow().split("\\s+")[1];
            ConsulCliRun transfer = ConsulCliRun.run(IPS[(firstLeader + 1) % 3] + ":8500", "operator", "raft",
                    "transfer-leader", "-id=" + targetId);
            assertEquals(0, transfer.exit(), transfer.err());
            assertEquals("Success\n", transfer.out());
            assertEquals(target, awaitLeader(List.of(0, 1, 2)));
            int leader = target;

            Map<String, String> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                write(acknowledged, i, "first-through-" + i, 20);
            }
            for (int i = 0; i < 3; i++) {
                assertAllReadable(acknowledged, i, "");
                assertAllReadable(acknowledged, i, "&consistent");
            }
            clientAgentForwardsToTheServers(acknowledged);

            // the leader dies: the two others elect a new one and lose nothing acknowledged
            servers[leader].kill9();
            List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
            survivors.remove(Integer.valueOf(leader));
            int second = awaitLeader(survivors);
            assertTrue(second != leader);
            write(acknowledged, survivors.get(0), "after-leader-kill", 30);
            for (int i : survivors) {
                assertAllReadable(acknowledged, i, "");
            }

            // the old leader returns and catches up from the log
            start(leader);
            awaitLeader(List.of(0, 1, 2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Http.get(url(leader, "/v1/kv/after-leader-kill/29?raw&stale")).body().equals("after-leader-kill-value-29")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertAllReadable(acknowledged, leader, "&stale");

            // a follower dies: the majority keeps serving
            int follower = (second + 1) % 3;
            servers[follower].kill9();
            List<Integer> two = new ArrayList<>(List.of(0, 1, 2));
            two.remove(Integer.valueOf(follower));
            write(acknowledged, two.get(0), "after-follower-kill", 20);

            // two of three gone: no leader, Consul's answer for writes, gossip still lists everyone
            int lastLeader = awaitLeader(two);
            int remaining = two.get(0) == lastLeader ? two.get(1) : two.get(0);
            servers[lastLeader].kill9();
            HttpResponse<String> refused = Http.put(url(remaining, "/v1/kv/no-leader"), "x");
            assertEquals(500, refused.statusCode(), refused.body());
            assertEquals("No cluster leader", refused.body().strip());
            ConsulCliRun members = ConsulCliRun.run(IPS[remaining] + ":8500", "members");
            assertEquals(0, members.exit(), members.err());
            // every server is still listed from gossip, the dead ones as failed (the client that left may be
            // missing on a server that restarted since: nobody gossips a departed member to a newcomer)
            for (int i = 1; i <= 3; i++) {
                String node = "s" + i;
                assertTrue(members.out().lines().anyMatch(l -> l.startsWith(node + " ")), members.out());
            }

            // they return: the cluster serves again with everything it acknowledged
            start(lastLeader);
            start(follower);
            awaitLeader(List.of(0, 1, 2));
            for (int i = 0; i < 3; i++) {
                assertAllReadable(acknowledged, i, "");
            }
            System.out.println("cluster: " + acknowledged.size() + " acknowledged writes all readable on every server");
            for (AgentProcess s : servers) {
                assertEquals(0, s.stop());
            }
        } finally {
            AgentProcess.closeAll(servers);
        }
    }
}
