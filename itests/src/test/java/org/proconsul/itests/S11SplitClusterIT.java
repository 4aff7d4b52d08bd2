package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S11's gossip side on four test hosts (network namespaces, 10.201.4.x): a server and three clients share
 * one gossip key; two clients are carved off (stopped without leaving, their keyring file removed) and
 * come back as a cluster of their own under another key. The old cluster sees them {@code failed}, the
 * old server's log names the sender and why its gossip is dropped, {@code consul force-leave -prune}
 * removes them from the old member list on every old member, and they stay out although the carved
 * nodes keep trying their old peers. The new cluster prunes its old peers the same way.
 */
class S11SplitClusterIT {
    private static final String OLD_KEY = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String NEW_KEY = "T9jncgl9mbLus+baTTa7q7nPSUrXwbDi2dhbtqir37s=";

    @TempDir
    Path tmp;

    private final List<AgentProcess> agents = new ArrayList<>();

    private AgentProcess start(String ns, String node, String key, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-node=" + node, "-bind", address(node),
                "-data-dir=" + dataDir(node), "-encrypt", key));
        args.addAll(List.of(extra));
        AgentProcess agent = AgentProcess.start(tmp, "127.0.0.1:8500", NetNamespaces.exec(ns), args, Map.of());
        agents.add(agent);
        return agent;
    }

    private static String address(String node) {
        return "10.201.4." + node.substring(1);
    }

    private Path dataDir(String node) {
        return tmp.resolve("consul/" + node);
    }

    private static boolean shows(String table, String node, String status) {
        return table.lines().anyMatch(l -> l.matches(node + "\\s+\\S+\\s+" + status + "\\s.*"));
    }

    private static String awaitMembers(String ns, java.util.function.Predicate<String> ok, String what) throws Exception {
        return NetNamespaces.awaitOnHost(ns, out -> out.startsWith("0|") && ok.test(out), what,
                AgentProcess.CONSUL.toString(), "members");
    }

    @Test
    void S11_carvedOffNodesShowFailedAndArePrunedForGood() throws Exception {
        Assumptions.assumeTrue(NetNamespaces.available(), "network namespaces need root and iproute2");
        String consul = AgentProcess.CONSUL.toString();
        try (NetNamespaces net = NetNamespaces.create()) {
            String s1 = net.addHost("s1", address("s1"));
            start(s1, "s1", OLD_KEY, "-server", "-bootstrap-expect=1");
            List<String> clients = new ArrayList<>();
            for (String node : List.of("c2", "c3", "c4")) {
                clients.add(net.addHost(node, address(node)));
                start(clients.get(clients.size() - 1), node, OLD_KEY, "-retry-join", address("s1"));
            }
            String c2 = clients.get(0);
            String c3 = clients.get(1);
            String c4 = clients.get(2);
            awaitMembers(s1, t -> t.lines().filter(l -> l.contains(" alive ")).count() == 4, "one cluster of four");

            // carve c3 and c4 off: stopped without leaving, keyring file removed, back under the new key
            agents.get(2).kill9();
            agents.get(3).kill9();
            Files.delete(dataDir("c3").resolve("serf/local.keyring"));
            Files.delete(dataDir("c4").resolve("serf/local.keyring"));
            start(c3, "c3", NEW_KEY, "-server", "-bootstrap-expect=1");
            start(c4, "c4", NEW_KEY, "-retry-join", address("c3"));

            for (String oldNs : List.of(s1, c2)) {
                String table = awaitMembers(oldNs, t -> shows(t, "c3", "failed") && shows(t, "c4", "failed"),
                        "the old cluster sees the carved nodes failed (from " + oldNs + ")");
                assertTrue(shows(table, "s1", "alive") && shows(table, "c2", "alive"), table);
            }
            String newTable = awaitMembers(c3, t -> shows(t, "c3", "alive") && shows(t, "c4", "alive"),
                    "the carved nodes form a cluster of their own under the new key");
            assertFalse(shows(newTable, "s1", "alive") || shows(newTable, "c2", "alive"), newTable);
            String s1Log = agents.get(0).output();
            assertTrue(s1Log.contains("gossip: dropped pool=lan from=" + address("c3") + ":")
                    && s1Log.contains("no installed keys could decrypt the message"),
                    "the old server says whose gossip it drops and why:\n" + s1Log);

            for (String carved : List.of("c3", "c4")) {
                String prune = NetNamespaces.onHost(s1, consul, "force-leave", "-prune", carved);
                assertEquals("0|", prune.substring(0, 2), prune);
            }
            for (String oldNs : List.of(s1, c2)) {
                awaitMembers(oldNs, t -> !t.contains("c3 ") && !t.contains("c4 "),
                        "the carved nodes are gone from " + oldNs);
            }
            // for good: one push/pull interval and reconnect round later they are still out
            Thread.sleep(35_000);
            for (String oldNs : List.of(s1, c2)) {
                String table = NetNamespaces.onHost(oldNs, consul, "members");
                assertFalse(table.contains("c3 ") || table.contains("c4 "), oldNs + ":\n" + table);
                assertEquals(3, table.lines().count(), oldNs + ":\n" + table);
            }

            // the new cluster forgets its old peers the same way
            for (String old : List.of("s1", "c2")) {
                String prune = NetNamespaces.onHost(c3, consul, "force-leave", "-prune", old);
                assertEquals("0|", prune.substring(0, 2), prune);
            }
            awaitMembers(c3, t -> t.lines().count() == 3 && shows(t, "c3", "alive") && shows(t, "c4", "alive"),
                    "the new cluster lists only its own two members");
            awaitMembers(c4, t -> t.lines().count() == 3 && shows(t, "c3", "alive") && shows(t, "c4", "alive"),
                    "the new cluster's client agrees");

            for (AgentProcess agent : agents) {
                if (agent.isAlive()) {
                    agent.stop();
                }
            }
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
        }
    }
}
