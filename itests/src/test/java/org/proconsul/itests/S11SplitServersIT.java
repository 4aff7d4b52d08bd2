package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S11's Raft side with five real servers on 127.0.0.121–125: two servers are carved off into a cluster of
 * their own (killed, keyring removed, a new gossip key, peers.json naming just the two), with copies of the
 * old data and so the old cluster id. The old cluster keeps them in its Raft configuration (cleanup off) and
 * its leader keeps sending to them; they refuse that leader because gossip does not know it, say so with
 * Consul's line, and both clusters keep their own leaders and their own data.
 */
class S11SplitServersIT {
    private static final String OLD_KEY = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String NEW_KEY = "T9jncgl9mbLus+baTTa7q7nPSUrXwbDi2dhbtqir37s=";
    private static final String[] IPS = {"127.0.0.121", "127.0.0.122", "127.0.0.123", "127.0.0.124", "127.0.0.125"};
    private static final String REFUSAL = "Raft has a leader but other tracking of the node would indicate that the node"
            + " is unhealthy or does not exist. The network may be misconfigured.";

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[IPS.length];

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(servers);
    }

    private Path dataDir(int i) {
        return tmp.resolve("n" + (i + 1));
    }

    private void start(int i, String key, String... join) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-server", "-node", "n" + (i + 1), "-bind", IPS[i],
                "-client", IPS[i], "-data-dir", dataDir(i).toString(), "-encrypt", key, "-retry-interval", "1s"));
        for (String ip : join) {
            args.addAll(List.of("-retry-join", ip));
        }
        if (join.length == 2 && key.equals(OLD_KEY)) {
            args.add("-bootstrap-expect=5");
        }
        servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", args, java.util.Map.of("PROCONSUL_MAX_HEAP", "256m"));
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    @Test
    void S11_carvedOffServersRefuseTheOldLeaderAndBothClustersKeepTheirOwn() throws Exception {
        for (int i = 0; i < 5; i++) {
            start(i, OLD_KEY, IPS[0], IPS[1]);
        }
        int oldLeader = LeaderAgreement.await(IPS, List.of(0, 1, 2, 3, 4), Duration.ofSeconds(120));
        assertEquals("true", Http.put(url(oldLeader, "/v1/kv/before"), "shared").body());
        long settingsBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Http.get(url(oldLeader, "/v1/operator/autopilot/configuration")).statusCode() != 200) {
            assertTrue(System.nanoTime() < settingsBy, "autopilot settings never stored");
            Thread.sleep(200);
        }
        ConsulCliRun off = ConsulCliRun.run(IPS[oldLeader] + ":8500", "operator", "autopilot", "set-config",
                "-cleanup-dead-servers=false");
        assertEquals("Configuration updated!\n", off.out(), off.err());

        // carve off two servers that are not the leader: killed, keyring gone, peers.json of just the two
        List<Integer> carved = List.of(0, 1, 2, 3, 4).stream().filter(i -> i != oldLeader).skip(2).toList();
        List<Integer> old = List.of(0, 1, 2, 3, 4).stream().filter(i -> !carved.contains(i)).toList();
        for (int c : carved) {
            awaitValue(c, "/v1/kv/before?stale&raw", "shared");
            servers[c].kill9();
        }
        StringBuilder peers = new StringBuilder("[");
        for (int c : carved) {
            String id = Files.readString(dataDir(c).resolve("node-id"), StandardCharsets.UTF_8).trim();
            peers.append(peers.length() > 1 ? "," : "").append("{\"id\":\"").append(id).append("\",\"address\":\"")
                    .append(IPS[c]).append(":8300\",\"non_voter\":false}");
        }
        peers.append("]");
        for (int c : carved) {
            Files.delete(dataDir(c).resolve("serf/local.keyring"));
            Files.writeString(dataDir(c).resolve("raft/peers.json"), peers);
        }
        for (int c : carved) {
            start(c, NEW_KEY, IPS[carved.get(0)], IPS[carved.get(1)]);
        }

        int newLeader = LeaderAgreement.await(IPS, carved, Duration.ofSeconds(90));
        int oldNow = LeaderAgreement.await(IPS, old, Duration.ofSeconds(60));
        assertEquals("shared", Http.get(url(newLeader, "/v1/kv/before?raw")).body(), "the carved copy kept the data");
        assertEquals("true", Http.put(url(newLeader, "/v1/kv/new-only"), "n").body());
        assertEquals("true", Http.put(url(oldNow, "/v1/kv/old-only"), "o").body());

        // the old leader keeps sending to the carved servers: they refuse it and say why, once per leader
        String oldLeaderAddress = IPS[oldNow] + ":8300";
        long saidBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (carved.stream().noneMatch(c -> servers[c].output().contains(REFUSAL + " leader=" + oldLeaderAddress))) {
            assertTrue(System.nanoTime() < saidBy, "no carved server named the old leader:\n" + servers[carved.get(0)]
                    .output());
            Thread.sleep(250);
        }
        for (int c : carved) {
            long said = servers[c].output().lines().filter(l -> l.contains(REFUSAL + " leader=" + oldLeaderAddress))
                    .count();
            assertTrue(said <= 1, "told once per leader, was " + said);
        }

        // ten seconds later each cluster still has the leader it had, and its own data only
        Thread.sleep(10_000);
        assertEquals(newLeader, LeaderAgreement.await(IPS, carved, Duration.ofSeconds(5)));
        assertEquals(oldNow, LeaderAgreement.await(IPS, old, Duration.ofSeconds(5)));
        for (int c : carved) {
            assertEquals(404, Http.get(url(c, "/v1/kv/old-only?stale")).statusCode());
            awaitValue(c, "/v1/kv/new-only?stale&raw", "n");
        }
        for (int o : old) {
            assertEquals(404, Http.get(url(o, "/v1/kv/new-only?stale")).statusCode());
            awaitValue(o, "/v1/kv/old-only?stale&raw", "o");
        }
        assertEquals(5, Http.json(Http.get(url(oldNow, "/v1/status/peers"))).size(),
                "the old cluster still lists the carved servers (cleanup is off)");
        assertEquals(2, Http.json(Http.get(url(newLeader, "/v1/status/peers"))).size());
    }

    private static void awaitValue(int i, String path, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var r = Http.get(url(i, path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && r.body().equals(value)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " on " + IPS[i] + " never " + value + "; last " + last);
    }
}
