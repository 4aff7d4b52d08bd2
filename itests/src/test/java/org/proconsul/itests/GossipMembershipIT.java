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
 * Gossip between real agent processes: joining through retry_join, failure detection of a
 * {@code kill -9}ed member, {@code force-leave -prune}, and a member with another gossip key kept out
 * (S8's member list, S10's encryption, S11's gossip side).
 */
class GossipMembershipIT {
    private static final String KEY = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String OTHER_KEY = "AAAAAAAAAAAAAAAAAAAAAA==";

    @TempDir
    Path tmp;

    private AgentProcess agent(String ip, String node, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-dev", "-bind", ip, "-client", ip, "-node", node));
        args.addAll(List.of(extra));
        return AgentProcess.start(tmp, ip + ":8500", args).awaitLeader(Duration.ofSeconds(90));
    }

    private static String members(String ip) throws Exception {
        ConsulCliRun run = ConsulCliRun.run(ip + ":8500", "members");
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    private static String awaitMembers(String ip, Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = members(ip);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 45 s: " + what + "; consul members printed:\n" + last);
    }

    @Test
    void aClientLeavesOnSigtermAServerDoesNot() throws Exception {
        try (AgentProcess server = agent("127.0.0.20", "srv")) {
            List<String> clientArgs = List.of("-node", "cl", "-bind", "127.0.0.21", "-client", "127.0.0.21",
                    "-data-dir", tmp.resolve("cl").toString(), "-retry-join", "127.0.0.20");
            try (AgentProcess client = AgentProcess.start(tmp, "127.0.0.21:8500", clientArgs)) {
                awaitMembers("127.0.0.20", out -> out.matches("(?s).*cl\\s+127\\.0\\.0\\.21:8301\\s+alive\\s+client.*"),
                        "the client joined");
                assertEquals(0, client.stop());
                assertTrue(client.output().contains("==> Gracefully shutting down agent..."), client.output());
                awaitMembers("127.0.0.20", out -> out.matches("(?s).*cl\\s+\\S+\\s+left\\s+client.*"),
                        "a client that got SIGTERM has left, not failed");
            }
            assertEquals(0, server.stop());
        }
    }

    @Test
    void S11_membersJoinFailAndArePrunedForGood() throws Exception {
        try (AgentProcess a = agent("127.0.0.15", "alpha", "-encrypt", KEY);
                AgentProcess b = agent("127.0.0.16", "beta", "-encrypt", KEY, "-retry-join", "127.0.0.15");
                AgentProcess stranger = agent("127.0.0.17", "stranger", "-encrypt", OTHER_KEY,
                        "-retry-join", "127.0.0.15")) {
            String both = awaitMembers("127.0.0.15", out -> out.contains("beta ") && out.contains("alive"),
                    "beta joined alpha");
            assertTrue(both.matches("(?s).*alpha\\s+127\\.0\\.0\\.15:8301\\s+alive\\s+server.*"), both);
            assertTrue(both.matches("(?s).*beta\\s+127\\.0\\.0\\.16:8301\\s+alive\\s+server.*"), both);
            awaitMembers("127.0.0.16", out -> out.contains("alpha "), "alpha seen from beta");
            Thread.sleep(2000);
            assertFalse(members("127.0.0.15").contains("stranger"), "a member with another key cannot join");

            long killed = System.nanoTime();
            b.kill9();
            awaitMembers("127.0.0.15", out -> out.matches("(?s).*beta\\s+\\S+\\s+failed.*"), "beta marked failed");
            System.out.println("gossip: kill -9 detected as failed after " + (System.nanoTime() - killed) / 1_000_000
                    + " ms");

            ConsulCliRun prune = ConsulCliRun.run("127.0.0.15:8500", "force-leave", "-prune", "beta");
            assertEquals(0, prune.exit(), prune.err());
            awaitMembers("127.0.0.15", out -> !out.contains("beta"), "beta pruned");
            assertEquals(0, a.stop());
        }
    }
}
