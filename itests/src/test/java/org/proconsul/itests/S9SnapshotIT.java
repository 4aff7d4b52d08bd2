package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups as S9's operators take them, with three real servers on 127.0.0.131–133: {@code consul snapshot
 * save} through a follower, {@code inspect}, changes, then {@code restore} through the other follower puts
 * every server back to the saved KV and autopilot settings (a blocking query on a key the restore removes
 * wakes up; a restored key keeps its saved ModifyIndex, as in Consul); a damaged
 * archive is refused whole and changes nothing.
 */
class S9SnapshotIT {
    private static final String[] IPS = {"127.0.0.131", "127.0.0.132", "127.0.0.133"};

    @TempDir
    Path tmp;

    private final AgentProcess[] servers = new AgentProcess[IPS.length];

    @AfterEach
    void stopAll() throws InterruptedException {
        AgentProcess.closeAll(servers);
    }

    private static String url(int i, String path) {
        return "http://" + IPS[i] + ":8500" + path;
    }

    @Test
    void S9_snapshotSaveInspectAndRestoreOnEveryServer() throws Exception {
        for (int i = 0; i < 3; i++) {
            servers[i] = AgentProcess.start(tmp, IPS[i] + ":8500", List.of("-server", "-bootstrap-expect=3", "-node",
                    "b" + (i + 1), "-bind", IPS[i], "-client", IPS[i], "-data-dir", tmp.resolve("b" + (i + 1)).toString(),
                    "-retry-join", IPS[0], "-retry-join", IPS[1], "-retry-interval", "1s"));
        }
        int leader = LeaderAgreement.await(IPS, List.of(0, 1, 2), Duration.ofSeconds(90));
        List<Integer> followers = new ArrayList<>(List.of(0, 1, 2));
        followers.remove(Integer.valueOf(leader));
        for (int k = 0; k < 30; k++) {
            assertEquals("true", Http.put(url(leader, "/v1/kv/snap/k" + k), "v" + k).body());
        }
        long settingsBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Http.get(url(leader, "/v1/operator/autopilot/configuration")).statusCode() != 200) {
            assertTrue(System.nanoTime() < settingsBy);
            Thread.sleep(200);
        }
        String via = IPS[followers.get(0)] + ":8500";
        assertEquals("Configuration updated!\n", ConsulCliRun.run(via, "operator", "autopilot", "set-config",
                "-max-trailing-logs=300").out());

        Path backup = tmp.resolve("backup.snap");
        ConsulCliRun save = ConsulCliRun.run(via, "snapshot", "save", backup.toString());
        assertEquals(0, save.exit(), save.err());
        assertTrue(save.out().matches("Saved and verified snapshot to index \\d+\n"), save.out());
        long savedIndex = Long.parseLong(save.out().replaceAll("\\D", ""));
        assertFalse(Files.exists(tmp.resolve("backup.snap.tmp")));

        ConsulCliRun inspect = ConsulCliRun.run(via, "snapshot", "inspect", backup.toString());
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().startsWith(" ID           "), inspect.out());
        assertTrue(inspect.out().contains("\n Index        " + savedIndex + "\n"), inspect.out());
        assertTrue(inspect.out().contains("\n Version      1\n"), inspect.out());
        assertTrue(inspect.out().contains("\n Type "), inspect.out());
        assertTrue(inspect.out().matches("(?s).*\n KVS\\s+30\\s+\\S+\n.*"), inspect.out());
        assertTrue(inspect.out().contains("\n Total "), inspect.out());

        HttpResponse<byte[]> stale = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url(followers.get(1), "/v1/snapshot?stale"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, stale.statusCode());
        assertTrue(Long.parseLong(stale.headers().firstValue("X-Consul-Index").orElse("0")) > 0, "a stale save says"
                + " which index its server held");

        // the state moves on: keys deleted and added, settings changed
        for (int k = 0; k < 10; k++) {
            assertEquals(200, Http.delete(url(leader, "/v1/kv/snap/k" + k)).statusCode());
        }
        assertEquals("true", Http.put(url(leader, "/v1/kv/snap/new"), "later").body());
        ConsulCliRun.run(via, "operator", "autopilot", "set-config", "-max-trailing-logs=400");
        String indexNow = Http.get(url(followers.get(1), "/v1/kv/snap/new?consistent")).headers()
                .firstValue("X-Consul-Index").orElseThrow();

        // a damaged archive is refused whole
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x5a;
        Path damaged = tmp.resolve("damaged.snap");
        Files.write(damaged, bytes);
        ConsulCliRun refused = ConsulCliRun.run(via, "snapshot", "restore", damaged.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().startsWith("Error restoring snapshot: Unexpected response code: 500 (failed to read"
                + " snapshot file: "), refused.err());
        ConsulCliRun inspectDamaged = ConsulCliRun.run(via, "snapshot", "inspect", damaged.toString());
        assertEquals(1, inspectDamaged.exit());
        assertTrue(inspectDamaged.err().startsWith("Error inspecting snapshot: "), inspectDamaged.err());
        HttpResponse<String> garbage = Http.put(url(leader, "/v1/snapshot"), "not an archive");
        assertEquals(500, garbage.statusCode());
        assertEquals(404, Http.get(url(leader, "/v1/kv/snap/k0")).statusCode(), "nothing changed");

        // a blocking query on a key written after the save wakes up when the restore takes it away
        CompletableFuture<HttpResponse<String>> blocked = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(url(followers.get(1), "/v1/kv/snap/new?index=" + indexNow + "&wait=60s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500);
        assertFalse(blocked.isDone());
        ConsulCliRun restore = ConsulCliRun.run(IPS[followers.get(1)] + ":8500", "snapshot", "restore",
                backup.toString());
        assertEquals(0, restore.exit(), restore.err());
        assertEquals("Restored snapshot\n", restore.out());
        HttpResponse<String> woke = blocked.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(404, woke.statusCode(), woke.body());
        assertTrue(Long.parseLong(woke.headers().firstValue("X-Consul-Index").orElse("0")) > Long.parseLong(indexNow),
                "the table index moved to the restore's");

        for (int i = 0; i < 3; i++) {
            awaitRaw(i, "/v1/kv/snap/k0?stale&raw", "v0");
            for (int k = 0; k < 30; k++) {
                assertEquals("v" + k, Http.get(url(i, "/v1/kv/snap/k" + k + "?stale&raw")).body(), IPS[i]);
            }
            assertEquals(404, Http.get(url(i, "/v1/kv/snap/new?stale")).statusCode(), IPS[i]);
            assertTrue(Http.get(url(i, "/v1/operator/autopilot/configuration?stale")).body().replaceAll("\\s", "")
                    .contains("\"MaxTrailingLogs\":300"), IPS[i]);
        }
        assertEquals("true", Http.put(url(followers.get(0), "/v1/kv/snap/after"), "ok").body(), "writes go on");
    }

    private static void awaitRaw(int i, String path, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Http.get(url(i, path));
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && r.body().equals(value)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " on " + IPS[i] + " never " + value + "; last " + last);
    }
}
