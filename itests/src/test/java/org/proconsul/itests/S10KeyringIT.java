package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S10: {@code encrypt} seeds {@code serf/local.keyring} once; keys rotate across the pool with
 * {@code consul keyring -install / -use / -remove / -list}; after that a changed {@code encrypt} and a
 * restart change nothing, because the keyring file wins.
 */
class S10KeyringIT {
    private static final String K1 = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String K2 = "AAAAAAAAAAAAAAAAAAAAAA==";
    private static final String A = "127.0.0.18";
    private static final String B = "127.0.0.19";

    @TempDir
    Path tmp;

    private AgentProcess server(String ip, String node, String encrypt, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-server", "-bootstrap", "-node", node, "-bind", ip,
                "-client", ip, "-data-dir", tmp.resolve(node).toString(), "-encrypt", encrypt));
        args.addAll(List.of(extra));
        return AgentProcess.start(tmp, ip + ":8500", args).awaitLeader(Duration.ofSeconds(90));
    }

    private static ConsulCliRun keyring(String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = "keyring";
        System.arraycopy(args, 0, full, 1, args.length);
        ConsulCliRun run = ConsulCliRun.run(A + ":8500", full);
        assertEquals(0, run.exit(), run.out() + run.err());
        return run;
    }

    private static void awaitTwoMembers(String ip) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = ConsulCliRun.run(ip + ":8500", "members").out();
            if (out.lines().filter(l -> l.contains(" alive ")).count() == 2) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("two alive members expected:\n" + out);
    }

    @Test
    void S10_keysRotateAcrossThePoolAndTheKeyringFileWinsOverEncrypt() throws Exception {
        try (AgentProcess a = server(A, "a", K1); AgentProcess b = server(B, "b", K1, "-retry-join", A)) {
            awaitTwoMembers(A);
            assertEquals("[\"" + K1 + "\"]", Files.readString(tmp.resolve("b/serf/local.keyring")));

            String listed = keyring("-list").out();
            assertTrue(listed.contains("dc1 (LAN):\n  " + K1 + " [2/2]"), listed);

            String relayed = keyring("-list", "-relay-factor=2").out();
            assertTrue(relayed.contains("dc1 (LAN):\n  " + K1 + " [2/2]"), "with answers relayed too: " + relayed);

            assertTrue(keyring("-install", K2).out().contains("==> Installing new gossip encryption key..."));
            String both = keyring("-list").out();
            assertTrue(both.contains("  " + K2 + " [2/2]"), both);
            keyring("-use", K2);
            ConsulCliRun refused = ConsulCliRun.run(A + ":8500", "keyring", "-remove", K2);
            assertEquals(1, refused.exit(), "the primary key cannot be removed: " + refused.out());
            keyring("-remove", K1);
            String after = keyring("-list").out();
            assertFalse(after.contains(K1), after);
            assertTrue(after.contains("  " + K2 + " [2/2]"), after);
            assertEquals("[\"" + K2 + "\"]", Files.readString(tmp.resolve("b/serf/local.keyring")));

            b.stop();
            // the old key again in encrypt: the file wins, so b still speaks K2 and rejoins from its snapshot
            try (AgentProcess again = server(B, "b", K1)) {
                awaitTwoMembers(A);
                assertTrue(again.output().contains("keyring doesn't include key provided with -encrypt, using keyring"),
                        again.output());
                assertEquals("[\"" + K2 + "\"]", Files.readString(tmp.resolve("b/serf/local.keyring")));
                again.stop();
            }
            a.stop();
        }
    }
}
