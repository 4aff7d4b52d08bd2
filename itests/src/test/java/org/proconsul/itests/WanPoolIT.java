package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAN pool between the servers of two datacenters (127.0.0.22 in dc1, 127.0.0.23 in dc2, serf WAN on
 * 8302): {@code -retry-join-wan} joins, {@code consul members -wan} and {@code /v1/agent/members?wan=1}
 * list {@code NODE.DC} members while the LAN lists stay apart, {@code consul keyring -list} answers per
 * pool (WAN across both datacenters, LAN per datacenter), {@code consul join -wan} works, and a failed
 * WAN member is pruned with {@code consul force-leave -wan -prune}.
 */
class WanPoolIT {
    private static final String A = "127.0.0.22";
    private static final String B = "127.0.0.23";
    private static final String KEY = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";

    @TempDir
    Path tmp;

    private AgentProcess server(String ip, String node, String dc, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-dev", "-bind", ip, "-client", ip, "-node", node,
                "-datacenter", dc, "-encrypt", KEY));
        args.addAll(List.of(extra));
        return AgentProcess.start(tmp, ip + ":8500", args).awaitLeader(Duration.ofSeconds(90));
    }

    private static ConsulCliRun cli(String ip, String... args) throws Exception {
        return ConsulCliRun.run(ip + ":8500", args);
    }

    private static String awaitCli(String ip, Predicate<String> ok, String what, String... args) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            ConsulCliRun run = cli(ip, args);
            last = run.exit() + "|" + run.out() + run.err();
            if (run.exit() == 0 && ok.test(run.out())) {
                return run.out();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 45 s: " + what + "; last:\n" + last);
    }

    @Test
    void serversOfTwoDatacentersShareTheWanPoolOnly() throws Exception {
        try (AgentProcess a = server(A, "a", "dc1");
                AgentProcess b = server(B, "b", "dc2", "-retry-join-wan", A)) {
            String wan = awaitCli(A, out -> out.contains("b.dc2"), "b.dc2 in a's WAN list", "members", "-wan");
            assertTrue(wan.matches("(?s).*a\\.dc1\\s+127\\.0\\.0\\.22:8302\\s+alive\\s+server\\s+\\S+\\s+2\\s+dc1\\s+<all>.*"), wan);
            assertTrue(wan.matches("(?s).*b\\.dc2\\s+127\\.0\\.0\\.23:8302\\s+alive\\s+server\\s+\\S+\\s+2\\s+dc2\\s+<all>.*"), wan);
            String lan = cli(A, "members").out();
            assertEquals(2, lan.lines().count(), "the LAN pools stay apart:\n" + lan);
            assertTrue(lan.matches("(?s).*\na\\s+127\\.0\\.0\\.22:8301\\s+alive\\s+server.*"), lan);

            var json = Http.get("http://" + A + ":8500/v1/agent/members?wan=1");
            assertEquals(200, json.statusCode());
            // -dev agents indent their JSON, as Consul's do
            assertTrue(json.body().matches("(?s).*\"Name\":\\s*\"b\\.dc2\",\\s*\"Addr\":\\s*\"127\\.0\\.0\\.23\",\\s*\"Port\":\\s*8302.*"),
                    json.body());

            String keys = awaitCli(A, out -> out.contains("[2/2]"), "the WAN keyring across both datacenters",
                    "keyring", "-list");
            assertTrue(keys.contains("WAN:\n  " + KEY + " [2/2]"), keys);
            assertTrue(keys.contains("dc1 (LAN):\n  " + KEY + " [1/1]"), keys);
            String local = cli(A, "keyring", "-list", "-local-only").out();
            assertFalse(local.contains("WAN:"), local);
            assertTrue(local.contains("dc1 (LAN):\n  " + KEY + " [1/1]"), local);

            ConsulCliRun join = cli(B, "join", "-wan", A);
            assertEquals(0, join.exit(), join.err());
            assertEquals("Successfully joined cluster by contacting 1 nodes.\n", join.out());

            b.kill9();
            awaitCli(A, out -> out.matches("(?s).*b\\.dc2\\s+\\S+\\s+failed.*"), "b.dc2 failed in the WAN pool",
                    "members", "-wan");
            ConsulCliRun prune = cli(A, "force-leave", "-wan", "-prune", "b.dc2");
            assertEquals(0, prune.exit(), prune.err());
            awaitCli(A, out -> !out.contains("b.dc2"), "b.dc2 pruned from the WAN pool", "members", "-wan");
            assertEquals(0, a.stop());
        }
    }
}
