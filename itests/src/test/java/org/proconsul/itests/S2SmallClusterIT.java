package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S2 exactly as the seed runs it: one server started with {@code -bootstrap-expect=1} and three clients
 * that {@code -retry-join} it, each on its own test host (network namespace, 10.201.2.x); then
 * {@code consul members} on the server prints the table with every node alive, {@code <all>} for the
 * server and {@code <default>} for the clients, and {@code curl localhost:8500/v1/status/leader} there
 * prints the leader (S3).
 */
class S2SmallClusterIT {

    @TempDir
    Path tmp;

    @Test
    void S2_serverAndThreeClientsEachOnItsOwnHost() throws Exception {
        Assumptions.assumeTrue(NetNamespaces.available(), "network namespaces need root and iproute2");
        List<AgentProcess> agents = new ArrayList<>();
        try (NetNamespaces net = NetNamespaces.create()) {
            String rootNs = net.addHost("root", "10.201.2.1");
            String consul = AgentProcess.CONSUL.toString();
            agents.add(AgentProcess.start(tmp, "127.0.0.1:8500", NetNamespaces.exec(rootNs),
                    List.of("-server", "--bootstrap-expect=1", "-node=root", "-bind", "10.201.2.1",
                            "-data-dir=" + tmp.resolve("consul/root"), "-log-file=" + tmp.resolve("consul/root")),
                    Map.of()));
            NetNamespaces.awaitOnHost(rootNs, out -> out.equals("0|\"10.201.2.1:8300\""), "the server elected itself",
                    "curl", "-s", "localhost:8500/v1/status/leader");

            for (int i = 2; i <= 4; i++) {
                String name = "t" + i + i;
                String ns = net.addHost(name, "10.201.2." + i);
                agents.add(AgentProcess.start(tmp, "127.0.0.1:8500", NetNamespaces.exec(ns),
                        List.of("-node=" + name, "-bind", "10.201.2." + i, "-retry-join", "10.201.2.1",
                                "-data-dir=" + tmp.resolve("consul/" + name), "-log-file=" + tmp.resolve("consul/" + name)),
                        Map.of()));
            }
            String table = NetNamespaces.awaitOnHost(rootNs,
                    out -> out.lines().filter(l -> l.contains(" alive ")).count() == 4, "four alive members",
                    consul, "members");
            List<String> lines = table.substring(2).lines().toList();
            assertEquals(5, lines.size(), table);
            assertTrue(lines.get(0).matches("Node\\s+Address\\s+Status\\s+Type\\s+Build\\s+Protocol\\s+DC\\s+Segment"), table);
            assertTrue(lines.get(1).matches("root\\s+10\\.201\\.2\\.1:8301\\s+alive\\s+server\\s+\\S+\\s+2\\s+dc1\\s+<all>"), table);
            for (int i = 2; i <= 4; i++) {
                String expected = "t" + i + i + "\\s+10\\.201\\.2\\." + i + ":8301\\s+alive\\s+client\\s+\\S+\\s+2\\s+dc1\\s+<default>";
                assertTrue(lines.get(i).matches(expected), "line " + i + ":\n" + table);
            }
            // the same view from a client (its HTTP listener may come up just after its gossip join)
            NetNamespaces.awaitOnHost("pc-t33",
                    out -> out.startsWith("0|") && out.lines().filter(l -> l.contains(" alive ")).count() == 4,
                    "four alive members seen from client t33", consul, "members");
            for (AgentProcess agent : agents) {
                agent.stop();
            }
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
        }
    }
}
