package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition, made with network namespaces (hosts 10.201.5.1–3, each cut off by taking its bridge
 * port down): the leader is isolated; the majority elects a new leader and keeps taking writes; the old
 * leader cannot acknowledge anything (it steps down: check-quorum) and answers {@code No cluster leader};
 * after healing it follows the new leader, catches up, and the write it was asked for during the
 * partition exists nowhere. Default timings.
 */
class PartitionIT {
    @TempDir
    Path tmp;

    private static String ip(int i) {
        return "10.201.5." + (i + 1);
    }

    private static String url(int i, String path) {
        return "http://" + ip(i) + ":8500" + path;
    }

    private static final String[] IPS = {ip(0), ip(1), ip(2)};

    private static int agreedLeader(List<Integer> among) throws InterruptedException {
        return LeaderAgreement.await(IPS, among, Duration.ofSeconds(90));
    }

    @Test
    void theMajoritySideKeepsServingAndTheIsolatedLeaderAcknowledgesNothing() throws Exception {
        Assumptions.assumeTrue(NetNamespaces.available(), "network namespaces need root and iproute2");
        List<AgentProcess> agents = new ArrayList<>();
        try (NetNamespaces net = NetNamespaces.create()) {
            String[] ns = new String[3];
            for (int i = 0; i < 3; i++) {
                ns[i] = net.addHost("p" + i, ip(i));
                agents.add(AgentProcess.start(tmp, ip(i) + ":8500", NetNamespaces.exec(ns[i]),
                        List.of("-server", "-bootstrap-expect=3", "-node", "p" + i, "-bind", ip(i),
                                "-client", "127.0.0.1 " + ip(i), "-data-dir", tmp.resolve("p" + i).toString(),
                                "-retry-join", ip(0), "-retry-join", ip(1), "-retry-interval", "1s"),
                        Map.of()));
            }
            int leader = agreedLeader(List.of(0, 1, 2));
            Map<String, String> acknowledged = new LinkedHashMap<>();
            for (int k = 0; k < 20; k++) {
                assertEquals("true", Http.put(url(leader, "/v1/kv/before/" + k), "v" + k).body());
                acknowledged.put("before/" + k, "v" + k);
            }

            net.isolate(ns[leader]);
            List<Integer> majority = new ArrayList<>(List.of(0, 1, 2));
            majority.remove(Integer.valueOf(leader));
            // the isolated leader is asked for a write while it is cut off: it must not acknowledge it
            String isolatedWrite = NetNamespaces.onHost(ns[leader], "curl", "-s", "-m", "30", "-X", "PUT", "-d", "lost",
                    "http://127.0.0.1:8500/v1/kv/during-partition");
            assertTrue(!isolatedWrite.endsWith("true"), "an isolated leader acknowledged a write: " + isolatedWrite);
            int second = agreedLeader(majority);
            for (int k = 0; k < 20; k++) {
                assertEquals("true", Http.put(url(second, "/v1/kv/during/" + k), "d" + k).body());
                acknowledged.put("during/" + k, "d" + k);
            }
            String stepDown = NetNamespaces.awaitOnHost(ns[leader], out -> !out.contains(":8300"),
                    "the isolated leader stops calling itself leader", "curl", "-s", "-m", "5",
                    "http://127.0.0.1:8500/v1/status/leader?stale");
            assertTrue(stepDown.startsWith("0|"), stepDown);

            net.heal(ns[leader]);
            assertEquals(second, agreedLeader(List.of(0, 1, 2)));
            for (int i = 0; i < 3; i++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (Http.get(url(i, "/v1/kv/during/19?raw&stale")).statusCode() != 200
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                    assertEquals(e.getValue(), Http.get(url(i, "/v1/kv/" + e.getKey() + "?raw&stale")).body(),
                            e.getKey() + " on " + ip(i));
                }
                assertEquals(404, Http.get(url(i, "/v1/kv/during-partition?stale")).statusCode(),
                        "the unacknowledged write exists nowhere (" + ip(i) + ")");
            }
            for (AgentProcess a : agents) {
                a.stop();
            }
        } finally {
            for (AgentProcess a : agents) {
                a.close();
            }
        }
    }
}
