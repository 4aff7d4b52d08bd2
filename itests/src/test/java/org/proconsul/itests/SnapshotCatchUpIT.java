package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and log compaction with real processes (127.0.0.61–63): with Consul's
 * {@code raft_snapshot_threshold}, {@code raft_trailing_logs} and {@code raft_snapshot_interval} set low in a config file, the servers take
 * snapshots and drop their logs; a follower that was down while the log it missed was compacted away is
 * caught up by a snapshot the leader streams to it, and a server restarted on a compacted log starts from
 * its own snapshot. Every acknowledged write is readable on every server afterwards.
 */
class SnapshotCatchUpIT {
    private static final String[] IPS = {"127.0.0.61", "127.0.0.62", "127.0.0.63"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[3];

    private void start(int i) throws Exception {
        servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-server", "-bootstrap-expect=3",
                "-node", "n" + i, "-bind", IPS[i], "-client", IPS[i], "-data-dir", tmp.resolve("n" + i).toString(),
                "-retry-join", IPS[0], "-retry-interval", "1s", "-config-file", tmp.resolve("snap.hcl").toString()));
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    private static void awaitValue(int i, String key, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = Http.get(url(i, "/v1/kv/" + key + "?raw&stale"));
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().equals(value)) {
                    return;
                }
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(IPS[i] + " never showed " + key + "=" + value + "; last " + last);
    }

    private static int writeThrough(int i, String prefix, int n) throws Exception {
        int acknowledged = 0;
        for (int k = 0; k < n; k++) {
            if (Http.put(url(i, "/v1/kv/" + prefix + "/" + k), prefix + "-" + k).body().equals("true")) {
                acknowledged++;
            }
        }
        return acknowledged;
    }

    @Test
    void aFollowerBehindTheCompactedLogCatchesUpBySnapshot() throws Exception {
        Files.writeString(tmp.resolve("snap.hcl"), "raft_snapshot_threshold = 40\nraft_trailing_logs = 5\nraft_snapshot_interval = \"1s\"\n");
        try {
            for (int i = 0; i < 3; i++) {
                start(i);
            }
            for (AgentProcess s : servers) {
                s.awaitLeader(Duration.ofSeconds(90));
            }
            int leader = -1;
            String named = Http.get(url(0, "/v1/status/leader")).body();
            for (int i = 0; i < 3; i++) {
                if (named.contains(IPS[i] + ":")) {
                    leader = i;
                }
            }
            assertTrue(leader >= 0, named);
            int lagging = (leader + 1) % 3;
            int other = (leader + 2) % 3;
            assertEquals(30, writeThrough(leader, "before", 30));
            awaitValue(lagging, "before/29", "before-29");

            servers[lagging].kill9();
            assertEquals(150, writeThrough(other, "while-down", 150));
            // the threshold is checked once per raft_snapshot_interval (1 to 2 s here)
            servers[leader].awaitOutput("raft: snapshot complete", Duration.ofSeconds(15));

            start(lagging);
            awaitValue(lagging, "while-down/149", "while-down-149");
            for (int k = 0; k < 150; k++) {
                assertEquals("while-down-" + k, Http.get(url(lagging, "/v1/kv/while-down/" + k + "?raw&stale")).body());
            }
            String caughtUp = servers[lagging].output();
            assertTrue(caughtUp.contains("raft: restored state from snapshot"),
                    "the restarted follower installed a snapshot:\n" + caughtUp);
            assertTrue(servers[leader].output().contains("raft: snapshot sent"), servers[leader].output());

            // a server restarted on its own compacted log comes back with everything
            servers[other].stop();
            start(other);
            awaitValue(other, "while-down/149", "while-down-149");
            assertEquals(30, writeThrough(other, "after", 30));
            for (int i = 0; i < 3; i++) {
                awaitValue(i, "after/29", "after-29");
                assertEquals("before-0", Http.get(url(i, "/v1/kv/before/0?raw&stale")).body());
            }
            for (AgentProcess s : servers) {
                assertEquals(0, s.stop());
            }
        } finally {
            AgentProcess.closeAll(servers);
        }
    }
}
